#pragma once
// What a Quack server answers to each request (one message in, one message out), over the server's
// backend and its Quack connections. Engine calls block: run answer() on a worker. Every protocol
// failure is an ERROR_RESPONSE; only bytes that are not a Quack message at all are an Error (HTTP 400).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "backend/backend.hpp"
#include "core/active_queries.hpp"
#include "core/statement_timer.hpp"
#include "protocols/quack/messages.hpp"
#include "protocols/quack/quack_sessions.hpp"

namespace duckwire::quack {

// Decides on a CONNECTION's token: who it names (e.g. "token:0", "user:ann", for ClientInfo::user),
// or an Error whose message the client gets. Called on the worker that answers.
using TokenCheck = std::function<Result<std::string>(const std::string& token, const std::string& address)>;

struct QuackServiceOptions {
  TokenCheck check_token;       // empty: no token is asked for
  std::string server_version;   // e.g. "v1.5.6"
  std::string platform = "linux_amd64";
  // Encoded chunks a PREPARE_RESPONSE (and each FETCH_RESPONSE) carries: at least one, then more while
  // they fit this many bytes.
  size_t response_bytes = size_t{1} << 20;
  // Each request's session is registered here while it runs, so that shutdown interrupts it; null: not.
  ActiveQueries* active = nullptr;
  // With a timer and a timeout, a request still running after the timeout is interrupted.
  StatementTimer* timer = nullptr;
  std::chrono::milliseconds statement_timeout{0};
};

// Who sent a request, and when.
struct QuackCaller {
  std::string address;
  uint16_t port = 0;
  uint64_t admission_owner = 0;  // kept by the connection a CONNECTION opens
  Clock::time_point now = Clock::now();
};

// An answered request: the reply's bytes and what the log line and metrics say about it.
struct QuackAnswer {
  std::string bytes;
  MessageType type = MessageType::kErrorResponse;  // of the request
  std::string connection_id;
  uint64_t client_query_id = kInvalidIndex;
  std::string sql;    // of a PREPARE
  std::string error;  // the ERROR_RESPONSE's message; empty for a success
  // A PREPARE or FETCH whose result has more to fetch: read_ahead(connection_id, this) is worth calling.
  std::optional<int128_t> read_ahead;
  // An APPEND taken ahead of its connection's turn: finish_append(connection_id) appends what was taken.
  bool append_later = false;
  std::optional<StatementEnd> statement_end;  // a statement this request finished, and who ran it
  std::string principal;
};

class QuackService {
 public:
  QuackService(Backend& backend, QuackSessions& sessions, QuackServiceOptions options)
      : backend_(backend), sessions_(sessions), options_(std::move(options)) {}

  Result<QuackAnswer> answer(std::string body, const QuackCaller& caller);
  // An APPEND answered at once when its connection takes it ahead (AppendsAhead): no engine call, so it
  // may run on an I/O thread. Nullopt leaves `body` as it was, for answer().
  std::optional<QuackAnswer> answer_append_ahead(std::string& body, const QuackCaller& caller);
  // Reads the connection's open result `result_uuid` ahead of its FETCHes (QuackAnswer::read_ahead), up
  // to two batches, while its client reads the last one; it gives way to a request that waits for the
  // connection. Engine calls block: run on a worker, in a place of the connection's owner in fair
  // admission. When that place is refused, call read_ahead_refused() instead.
  void read_ahead(const std::string& connection_id, int128_t result_uuid);
  void read_ahead_refused(const std::string& connection_id, int128_t result_uuid);
  // Appends the rows of the APPENDs answered before they were (QuackAnswer::append_later), in turns of the
  // connection, while its client sends the next ones; a request in a turn appends them first otherwise.
  // Engine calls block: run on a worker, in a place of the connection's owner.
  void finish_append(const std::string& connection_id);
  // Closes the connections idle past the timeout (rolling back their transactions); how many.
  size_t close_idle(Clock::time_point now);

 private:
  // A decoded request and the message it views.
  struct Received {
    std::shared_ptr<const std::string> message;
    RequestBody& body;
  };
  Message respond(const Header& header, Received received, const QuackCaller& caller, QuackAnswer& answer);
  Message connect(const Header& header, const ConnectionRequest& request, const QuackCaller& caller);
  class Turn;
  Message prepare(const Header& header, QuackConnection& connection, const PrepareRequest& request, Turn& turn);
  Result<std::unique_ptr<ResultStream>> run_authorized(QuackConnection& connection, std::string_view sql);
  // A FETCH answered from chunks read ahead, without the connection's turn; nullopt: answer it in a turn.
  std::optional<Message> fetch_read_ahead(const Header& header, QuackConnection& connection,
                                          const FetchRequest& request, QuackAnswer& answer);
  Message fetch(const Header& header, QuackConnection& connection, const FetchRequest& request, Turn& turn);
  Message fetch_reply(const Header& header, OpenResult& result, ChunksAhead::Taken taken,
                      std::optional<StatementEnd>& ended);
  // How far read_chunks() goes: until `ready` bytes wait to be taken, `read` bytes were read (a reader's
  // turn), or, with `give_way`, a request waits for the connection.
  struct ReadUntil {
    size_t ready = 0;
    size_t read = SIZE_MAX;
    bool give_way = false;
  };
  void read_chunks(OpenResult& result, ReadUntil until, Turn& turn);
  void schedule_reader(const QuackConnection& connection, QuackAnswer& answer);
  Message append(const Header& header, QuackConnection& connection, const DecodedAppendRequest& request);
  Result<void> open_appender(QuackConnection& connection, const std::vector<std::string>& table,
                             const DecodedChunk& chunk);
  // An APPEND taken ahead of the connection's turn (AppendsAhead): true when it is, and answered.
  bool take_append(QuackConnection& connection, DecodedAppendRequest& request,
                   const std::shared_ptr<const std::string>& message, QuackAnswer& answer);
  // Appends the oldest APPEND taken ahead: false when none is left or it failed (append_failure).
  bool append_taken(QuackConnection& connection, Turn& turn);
  Result<void> append_chunk(QuackConnection& connection, const std::vector<std::string>& table,
                            const DecodedChunk& chunk);
  Message disconnect(const Header& header, QuackConnection& connection);

  Backend& backend_;
  QuackSessions& sessions_;
  QuackServiceOptions options_;
};

// An ERROR_RESPONSE answering `header`'s request.
Message error_message(const Header& header, std::string message);

}  // namespace duckwire::quack
