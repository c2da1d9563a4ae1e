// pgJDBC 42.5 driven the way applications drive it. Run by tests/integration/python/test_pgjdbc.py:
//   java -Duser.timezone=UTC -cp /usr/share/java/postgresql.jar:CLASSES PgJdbcClient URL USER PASSWORD CASE
// Each case prints what the application sees, one `label: value` line per observation; the test asserts
// the lines. A SQLException that escapes a case prints `error: SQLSTATE message` and exits with 1.
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.Set;

public final class PgJdbcClient {
  private final String url;
  private final String user;
  private final String password;

  private PgJdbcClient(String url, String user, String password) {
    this.url = url;
    this.user = user;
    this.password = password;
  }

  public static void main(String[] args) throws Exception {
    PgJdbcClient client = new PgJdbcClient(args[0], args[1], args[2]);
    try {
      switch (args[3]) {
        case "connect" -> client.connect();
        case "prepared" -> client.prepared();
        case "batch" -> client.batch();
        case "metadata" -> client.metadata();
        case "registered-metadata" -> client.registeredMetadata();
        case "resultset-metadata" -> client.resultSetMetadata();
        case "fetch-size" -> client.fetchSize();
        case "transactions" -> client.transactions();
        default -> throw new IllegalArgumentException("unknown case " + args[3]);
      }
    } catch (SQLException e) {
      System.out.println("error: " + e.getSQLState() + " " + e.getMessage());
      System.exit(1);
    }
  }

  private Connection open() throws SQLException {
    return open(password);
  }

  private Connection open(String secret) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", secret);
    return DriverManager.getConnection(url, props);
  }

  private static void print(String label, Object value) {
    System.out.println(label + ": " + value);
  }

  private static String failure(SQLException e) {
    return e.getSQLState();
  }

  private void connect() throws SQLException {
    try (Connection c = open()) {
      DatabaseMetaData meta = c.getMetaData();
      print("product", meta.getDatabaseProductName());
      print("major version", meta.getDatabaseMajorVersion());
      print("user", meta.getUserName());
      print("valid", c.isValid(5));
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT version()")) {
        rs.next();
        print("version() starts with PostgreSQL 15", rs.getString(1).startsWith("PostgreSQL 15."));
      }
    }
    try (Connection c = open("wrong-" + password)) {
      print("wrong password", "connected as " + c.getMetaData().getUserName());
    } catch (SQLException e) {
      print("wrong password", failure(e));
    }
  }

  private void prepared() throws SQLException {
    try (Connection c = open(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE jdbc_values (i integer, l bigint, s text, d numeric(12,3), day date, ts timestamp, "
          + "b boolean, bytes bytea, n text)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO jdbc_values VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        // Six executions: pgJDBC switches to a named server-side statement after five.
        for (int k = 1; k <= 6; k++) {
          insert.setInt(1, k);
          insert.setLong(2, 9_000_000_000L + k);
          insert.setString(3, "row " + k + " 'quoted' ü");
          insert.setBigDecimal(4, new BigDecimal("12.5").add(BigDecimal.valueOf(k)));
          insert.setDate(5, Date.valueOf("2024-01-3" + (k % 2)));
          insert.setTimestamp(6, Timestamp.valueOf("2024-01-31 12:00:00.5"));
          insert.setBoolean(7, k % 2 == 0);
          insert.setBytes(8, new byte[] {1, 0, (byte) 255, (byte) k});
          insert.setNull(9, Types.VARCHAR);
          print("insert " + k, insert.executeUpdate());
        }
      }
      try (PreparedStatement select = c.prepareStatement("SELECT * FROM jdbc_values WHERE i = ? OR s = ? ORDER BY i")) {
        select.setInt(1, 6);
        select.setString(2, "row 1 'quoted' ü");
        try (ResultSet rs = select.executeQuery()) {
          while (rs.next()) {
            print("row", String.join(" | ", Integer.toString(rs.getInt("i")), Long.toString(rs.getLong("l")),
                rs.getString("s"), rs.getBigDecimal("d").toPlainString(), rs.getDate("day").toString(),
                rs.getTimestamp("ts").toString(), Boolean.toString(rs.getBoolean("b")),
                HexFormat.of().formatHex(rs.getBytes("bytes")), String.valueOf(rs.getString("n")),
                Boolean.toString(rs.wasNull())));
          }
        }
      }
    }
  }

  private void batch() throws SQLException {
    try (Connection c = open()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE jdbc_batch (id integer PRIMARY KEY, label text)");
      }
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO jdbc_batch VALUES (?, ?)")) {
        for (int k = 1; k <= 3; k++) {
          insert.setInt(1, k);
          insert.setString(2, "batched " + k);
          insert.addBatch();
        }
        print("prepared batch", Arrays.toString(insert.executeBatch()));
      }
      try (Statement st = c.createStatement()) {
        st.addBatch("INSERT INTO jdbc_batch VALUES (4, 'four')");
        st.addBatch("UPDATE jdbc_batch SET label = upper(label) WHERE id <= 2");
        print("statement batch", Arrays.toString(st.executeBatch()));
      }
      c.commit();
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT id, label FROM jdbc_batch ORDER BY id")) {
        while (rs.next()) print("row", rs.getInt(1) + " " + rs.getString(2));
      }
      c.commit();
    }
  }

  private static List<String> rows(ResultSet rs, String... columns) throws SQLException {
    List<String> out = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (String column : columns) cells.add(String.valueOf(rs.getString(column)));
        out.add(String.join(" | ", cells));
      }
    }
    return out;
  }

  private static void printAll(String label, List<String> lines) {
    for (String line : lines) print(label, line);
  }

  private void metadata() throws SQLException {
    try (Connection c = open()) {
      DatabaseMetaData meta = c.getMetaData();
      printAll("table", rows(meta.getTables(null, "shop", "%", new String[] {"TABLE", "VIEW"}),
          "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS"));
      printAll("column", rows(meta.getColumns(null, "shop", "orders", "%"), "ORDINAL_POSITION", "COLUMN_NAME",
          "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS", "NULLABLE", "COLUMN_DEF", "REMARKS"));
      printAll("primary key", rows(meta.getPrimaryKeys(null, "shop", "orders"), "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
      printAll("imported key", rows(meta.getImportedKeys(null, "shop", "orders"), "PKTABLE_SCHEM", "PKTABLE_NAME",
          "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "FK_NAME", "PK_NAME"));
      printAll("exported key", rows(meta.getExportedKeys(null, "shop", "customers"), "PKTABLE_NAME",
          "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME"));
      printAll("index", rows(meta.getIndexInfo(null, "shop", "orders", false, false), "INDEX_NAME", "NON_UNIQUE",
          "ORDINAL_POSITION", "COLUMN_NAME"));
      printAll("schema", rows(meta.getSchemas(), "TABLE_SCHEM"));
      Set<String> builtins = Set.of("bool", "bytea", "int2", "int4", "int8", "float4", "float8", "numeric", "text",
          "varchar", "date", "time", "timestamp", "timestamptz", "interval", "uuid", "json");
      List<String> types = new ArrayList<>();
      for (String line : rows(meta.getTypeInfo(), "TYPE_NAME", "DATA_TYPE")) {
        if (builtins.contains(line.split(" \\| ")[0])) types.add(line);
      }
      types.sort(null);
      printAll("type", types);
    }
  }

  // The catalog a riffq program registers (tests/integration/python/programs/riffq_shop.py): sales.orders.
  private void registeredMetadata() throws SQLException {
    try (Connection c = open()) {
      DatabaseMetaData meta = c.getMetaData();
      printAll("table", rows(meta.getTables(null, null, "%", new String[] {"TABLE", "VIEW"}),
          "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"));
      printAll("column", rows(meta.getColumns(null, "sales", "orders", "%"), "ORDINAL_POSITION", "COLUMN_NAME",
          "DATA_TYPE", "TYPE_NAME", "NULLABLE"));
      printAll("schema", rows(meta.getSchemas(), "TABLE_SCHEM"));
    }
  }

  private void resultSetMetadata() throws SQLException {
    try (Connection c = open(); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, total, note, placed_on, paid, CAST(1.5 AS double precision) AS f, "
            + "CAST(7 AS bigint) AS big, TIMESTAMP '2024-01-31 12:00:00' AS ts FROM shop.orders ORDER BY id")) {
      ResultSetMetaData meta = rs.getMetaData();
      for (int k = 1; k <= meta.getColumnCount(); k++) {
        print("column " + k, String.join(" | ", meta.getColumnLabel(k), meta.getColumnTypeName(k),
            Integer.toString(meta.getColumnType(k)), Integer.toString(meta.getPrecision(k)),
            Integer.toString(meta.getScale(k)), meta.getColumnClassName(k)));
      }
      rs.next();
      print("first row", rs.getInt(1) + " | " + rs.getBigDecimal(2) + " | " + rs.getString(3) + " | "
          + rs.getObject(4) + " | " + rs.getObject(5) + " | " + rs.getDouble(6) + " | " + rs.getObject(7) + " | "
          + rs.getObject(8));
    }
  }

  private void fetchSize() throws SQLException {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      try (Statement first = c.createStatement()) {
        first.setFetchSize(100);
        try (ResultSet rs = first.executeQuery("SELECT x FROM generate_series(1, 250) AS t(x) ORDER BY x")) {
          long sum = 0;
          int count = 0;
          while (count < 150 && rs.next()) {
            sum += rs.getLong(1);
            count++;
          }
          // A second statement runs while the first one's portal is suspended mid-way.
          try (PreparedStatement second = c.prepareStatement("SELECT count(*) FROM shop.orders WHERE id > ?")) {
            second.setFetchSize(1);
            second.setInt(1, 0);
            try (ResultSet other = second.executeQuery()) {
              other.next();
              print("second statement", other.getLong(1));
            }
          }
          while (rs.next()) {
            sum += rs.getLong(1);
            count++;
          }
          print("first statement rows", count);
          print("first statement sum", sum);
        }
      }
      try (PreparedStatement withParameter =
               c.prepareStatement("SELECT x FROM generate_series(1, ?) AS t(x) ORDER BY x")) {
        withParameter.setFetchSize(100);
        withParameter.setInt(1, 230);
        int count = 0;
        try (ResultSet rs = withParameter.executeQuery()) {
          while (rs.next()) count++;
        }
        print("parameterised rows", count);
      }
      c.commit();
    }
  }

  private static long count(Connection c, String table) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void transactions() throws SQLException {
    try (Connection c = open(); Connection observer = open()) {
      try (Statement st = c.createStatement()) {
        st.execute("CREATE TABLE jdbc_tx (id integer PRIMARY KEY)");
      }
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO jdbc_tx VALUES (1)");
        print("inside, own view", count(c, "jdbc_tx"));
        print("inside, other connection", count(observer, "jdbc_tx"));
        c.rollback();
        print("after rollback", count(c, "jdbc_tx"));
        st.executeUpdate("INSERT INTO jdbc_tx VALUES (2)");
        c.commit();
        print("after commit, other connection", count(observer, "jdbc_tx"));
        try {
          st.executeUpdate("INSERT INTO jdbc_tx VALUES (2)");
        } catch (SQLException e) {
          print("duplicate", failure(e));
        }
        try {
          st.executeQuery("SELECT 1").close();
        } catch (SQLException e) {
          print("after the error", failure(e));
        }
        c.rollback();
        print("after rollback of the failed transaction", count(c, "jdbc_tx"));
        c.commit();
      }
    }
  }
}
