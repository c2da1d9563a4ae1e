"""Large results to a client that negotiated permessage-deflate arrive as one whole message each, also when
the data is so repetitive that a part compresses to nothing (Beast once split such a message in two)."""
import jsonrpc_client
from sqlrooms_client import connect, receive, run, send_json

VALUE_SIZES = (1 << 20, 3 << 20)


def test_sqlrooms_results_survive_compression(server):
    async def scenario():
        async with connect(server, compression="deflate") as ws:
            for size in VALUE_SIZES:
                await send_json(ws, {"type": "json", "sql": f"SELECT repeat('y', {size}) AS s", "queryId": "big"})
                framed = await receive(ws)
                assert framed["type"] == "json" and framed["queryId"] == "big", str(framed)[:200]
                assert framed["data"] == '[{"s":"' + "y" * size + '"}]'
                await send_json(ws, {"type": "json", "sql": f"SELECT repeat('z', {size}) AS s"})
                assert await receive(ws) == [{"s": "z" * size}]
            # The connection is still in step: the next small reply is its own.
            await send_json(ws, {"type": "json", "sql": "SELECT 42 AS answer", "queryId": "small"})
            small = await receive(ws)
            assert small == {"type": "json", "queryId": "small", "data": '[{"answer":42}]'}

    run(scenario())


def test_jsonrpc_results_survive_compression(server):
    async def scenario():
        async with jsonrpc_client.connect(server, compression="deflate") as ws:
            for size in VALUE_SIZES:
                assert await jsonrpc_client.rows(ws, f"SELECT repeat('y', {size}) AS s") == [{"s": "y" * size}]
            assert await jsonrpc_client.rows(ws, "SELECT 42 AS answer") == [{"answer": 42}]

    run(scenario())
