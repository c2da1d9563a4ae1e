#include "protocols/jsonrpc/named_parameters.hpp"

#include <gtest/gtest.h>

namespace duckwire::jsonrpc {
namespace {

std::string rewrite(std::string_view sql) {
  return rewrite_named_parameters(sql, {"name", "n", "x1"});
}

TEST(NamedParameters, RewritesGivenNamesOnly) {
  EXPECT_EQ(rewrite("SELECT :name, :n + :x1"), "SELECT $name, $n + $x1");
  EXPECT_EQ(rewrite("SELECT :other, :names"), "SELECT :other, :names");
  EXPECT_EQ(rewrite("INSERT INTO t VALUES(:n,:name)"), "INSERT INTO t VALUES($n,$name)");
}

TEST(NamedParameters, LeavesLiteralsCommentsAndCastsAlone) {
  EXPECT_EQ(rewrite("SELECT ':name', \":n\", x::name"), "SELECT ':name', \":n\", x::name");
  EXPECT_EQ(rewrite("SELECT 'it''s :n' || :n"), "SELECT 'it''s :n' || $n");
  EXPECT_EQ(rewrite("SELECT E'\\' :n' , :n"), "SELECT E'\\' :n' , $n");
  EXPECT_EQ(rewrite("SELECT 1 -- :n\n, :n"), "SELECT 1 -- :n\n, $n");
  EXPECT_EQ(rewrite("SELECT /* :n /* nested :n */ :n */ :n"), "SELECT /* :n /* nested :n */ :n */ $n");
  EXPECT_EQ(rewrite("SELECT $$ :n $$, $tag$ :n $tag$, :n"), "SELECT $$ :n $$, $tag$ :n $tag$, $n");
  EXPECT_EQ(rewrite("SELECT $1, :n"), "SELECT $1, $n");
}

TEST(NamedParameters, UnterminatedConstructsEndTheText) {
  EXPECT_EQ(rewrite("SELECT ':n"), "SELECT ':n");
  EXPECT_EQ(rewrite("SELECT /* :n"), "SELECT /* :n");
  EXPECT_EQ(rewrite("SELECT :"), "SELECT :");
}

}  // namespace
}  // namespace duckwire::jsonrpc
