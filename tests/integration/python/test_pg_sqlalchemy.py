"""SQLAlchemy 1.4 (Debian, postgresql+psycopg2, future=True) against the PostgreSQL front door: engine
connect with the dialect's probes, reflection through inspect(), ORM insert / query / update, Core
selects with bound parameters, and stream_results (a server-side cursor)."""
import decimal

import pytest
import sqlalchemy
from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import Session, declarative_base, relationship

from pg_fixtures import pg_certificate, pg_target, postgres_cluster  # noqa: F401

SCHEMA = [
    "CREATE SCHEMA sales",
    "CREATE SEQUENCE customers_id_seq",
    "CREATE TABLE customers (id integer PRIMARY KEY DEFAULT nextval('customers_id_seq'), "
    "email varchar(40) NOT NULL UNIQUE, name text NOT NULL)",
    "CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id), "
    "status varchar(20) NOT NULL DEFAULT 'new', total numeric(10,2), placed_at timestamp, note text)",
    "COMMENT ON TABLE orders IS 'Customer orders'",
    "COMMENT ON COLUMN orders.status IS 'Order status'",
    "CREATE INDEX orders_customer_id_idx ON orders (customer_id)",
    # DuckDB has no foreign keys across schemas: the sales table refers to one of its own schema.
    "CREATE TABLE sales.regions (code varchar(20) PRIMARY KEY, name text NOT NULL)",
    "CREATE TABLE sales.order_items (order_id integer NOT NULL, line_no smallint NOT NULL, "
    "region_code varchar(20) REFERENCES sales.regions (code), qty integer NOT NULL, PRIMARY KEY (order_id, line_no))",
    "CREATE VIEW order_totals AS SELECT o.id, c.email, o.total FROM orders o JOIN customers c ON c.id = o.customer_id",
]

# varchar(n) is DuckDB's VARCHAR, which has no length: duckwire reports it as text (the spec's type table).
VARCHAR = {"duckwire": lambda length: "TEXT", "postgres": lambda length: f"VARCHAR({length})"}

Base = declarative_base()


class Customer(Base):
    __tablename__ = "customers"
    id = sqlalchemy.Column(sqlalchemy.Integer, sqlalchemy.Sequence("customers_id_seq"), primary_key=True)
    email = sqlalchemy.Column(sqlalchemy.String(40), nullable=False)
    name = sqlalchemy.Column(sqlalchemy.Text, nullable=False)
    orders = relationship("Order", back_populates="customer")


class Order(Base):
    __tablename__ = "orders"
    id = sqlalchemy.Column(sqlalchemy.Integer, primary_key=True, autoincrement=False)
    customer_id = sqlalchemy.Column(sqlalchemy.ForeignKey("customers.id"), nullable=False)
    status = sqlalchemy.Column(sqlalchemy.String(20), nullable=False, default="new")
    total = sqlalchemy.Column(sqlalchemy.Numeric(10, 2))
    note = sqlalchemy.Column(sqlalchemy.Text)
    customer = relationship(Customer, back_populates="orders")


@pytest.fixture(scope="module")
def engine(pg_target):
    pg_target.run_statements(*SCHEMA)
    engine = sqlalchemy.create_engine(pg_target.url("postgresql+psycopg2"), future=True,
                                      connect_args={"sslmode": "disable"})
    engine.target = pg_target
    yield engine
    engine.dispose()


def test_engine_connects_through_the_dialect_probes(engine):
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 40 + 2")).scalar() == 42
    assert engine.dialect.server_version_info[0] == 15
    assert engine.dialect.default_schema_name == "public"


def test_inspect_lists_schemas_tables_and_views(engine):
    inspector = sqlalchemy.inspect(engine)
    assert {"public", "sales"} <= set(inspector.get_schema_names())
    assert sorted(inspector.get_table_names()) == ["customers", "orders"]
    assert sorted(inspector.get_table_names(schema="sales")) == ["order_items", "regions"]
    assert inspector.get_view_names() == ["order_totals"]
    assert inspector.get_view_names(schema="sales") == []
    assert inspector.has_table("orders") and not inspector.has_table("no_such_table")


def test_inspect_columns_with_types_nullability_and_comments(engine):
    columns = sqlalchemy.inspect(engine).get_columns("orders")
    varchar = VARCHAR[engine.target.kind]
    assert [(column["name"], str(column["type"]), column["nullable"], column.get("comment")) for column in columns] == [
        ("id", "INTEGER", False, None),
        ("customer_id", "INTEGER", False, None),
        ("status", varchar(20), False, "Order status"),
        ("total", "NUMERIC(10, 2)", True, None),
        ("placed_at", "TIMESTAMP", True, None),
        ("note", "TEXT", True, None),
    ]
    assert "new" in columns[2]["default"]


def test_inspect_keys_indexes_and_comment(engine):
    inspector = sqlalchemy.inspect(engine)
    assert inspector.get_pk_constraint("orders")["constrained_columns"] == ["id"]
    assert inspector.get_pk_constraint("order_items", schema="sales")["constrained_columns"] == ["order_id", "line_no"]
    [foreign] = inspector.get_foreign_keys("orders")
    assert (foreign["constrained_columns"], foreign["referred_schema"], foreign["referred_table"],
            foreign["referred_columns"]) == (["customer_id"], None, "customers", ["id"])
    [in_sales] = inspector.get_foreign_keys("order_items", schema="sales")
    assert (in_sales["constrained_columns"], in_sales["referred_schema"], in_sales["referred_table"],
            in_sales["referred_columns"]) == (["region_code"], "sales", "regions", ["code"])
    indexes = inspector.get_indexes("orders")
    assert [(index["name"], index["column_names"], index["unique"]) for index in indexes] == [
        ("orders_customer_id_idx", ["customer_id"], False)]
    assert inspector.get_table_comment("orders") == {"text": "Customer orders"}
    unique = inspector.get_unique_constraints("customers")
    assert [constraint["column_names"] for constraint in unique] == [["email"]]


def test_orm_insert_query_and_update_in_a_session(engine):
    with Session(engine) as session:
        ann = Customer(email="ann@example.com", name="Ann")
        session.add(ann)
        session.flush()
        session.add_all([Order(id=1, customer_id=ann.id, total=decimal.Decimal("9.99")),
                         Order(id=2, customer_id=ann.id, total=decimal.Decimal("20.00"), note="gift")])
        session.commit()
        customer_id = ann.id
    with Session(engine) as session:
        found = session.execute(select(Customer).where(Customer.email == "ann@example.com")).scalar_one()
        assert (found.id, found.name, sorted(order.id for order in found.orders)) == (customer_id, "Ann", [1, 2])
        order = session.get(Order, 1)
        order.status = "paid"
        session.commit()
    with Session(engine) as session:
        rows = session.execute(select(Order.id, Order.status, Customer.name).join(Customer).order_by(Order.id)).all()
        assert [tuple(row) for row in rows] == [(1, "paid", "Ann"), (2, "new", "Ann")]


def test_core_select_with_bound_parameters_and_a_rolled_back_transaction(engine):
    orders = sqlalchemy.Table("orders", sqlalchemy.MetaData(), autoload_with=engine)
    with engine.connect() as connection:
        statement = select(orders.c.id, orders.c.total).where(orders.c.total > bindparam("minimum")).order_by(orders.c.id)
        assert [tuple(row) for row in connection.execute(statement, {"minimum": decimal.Decimal("10")})] == [
            (2, decimal.Decimal("20.00"))]
    with pytest.raises(RuntimeError):
        with engine.begin() as connection:
            connection.execute(orders.insert(), [{"id": 10, "customer_id": 1}, {"id": 11, "customer_id": 1}])
            raise RuntimeError("roll back")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM orders WHERE id >= :low"), {"low": 10}).scalar() == 0


def test_stream_results_reads_through_a_server_side_cursor(engine):
    with engine.connect() as connection:
        result = connection.execution_options(stream_results=True, max_row_buffer=100).execute(
            text("SELECT g FROM generate_series(1, 5000) AS s(g) ORDER BY g"))
        values = [row[0] for partition in result.partitions(250) for row in partition]
    assert values == list(range(1, 5001))
