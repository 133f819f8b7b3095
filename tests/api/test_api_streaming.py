"""Export writers stream through a bounded queue: bytes arrive in order, failures surface, parquet works."""

import csv
import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from warledger.api.streaming import stream_writer


def test_text_writes_arrive_in_order_as_utf8_chunks():
    def write(out):
        for i in range(20_000):
            out.write(json.dumps({"n": i, "place": "Khankendi / Stepanakert"}) + "\n")

    chunks = list(stream_writer(write))
    assert len(chunks) > 1  # streamed in pieces, not one buffer
    lines = b"".join(chunks).decode("utf-8").splitlines()
    assert [json.loads(x)["n"] for x in lines] == list(range(20_000))


def test_csv_writer_through_a_text_wrapper():
    def write(out):
        text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
        w = csv.writer(text)
        w.writerow(["event_date", "admin1", "fatalities"])
        w.writerow(["2020-09-27", "Tavush", 30])
        text.flush()
        text.detach()

    assert b"".join(stream_writer(write)).decode() == "event_date,admin1,fatalities\r\n2020-09-27,Tavush,30\r\n"


def test_parquet_writer_produces_a_readable_file():
    table = pa.table({"event_id": ["a", "b", "c"], "fatalities": [3, 0, 17]})

    def write(out):
        pq.write_table(table, out)

    data = b"".join(stream_writer(write))
    assert pq.read_table(io.BytesIO(data)).to_pylist() == table.to_pylist()


def test_a_failing_writer_raises_in_the_response():
    def write(out):
        out.write("event_date\n")
        raise RuntimeError("store went away")

    with pytest.raises(RuntimeError, match="store went away"):
        list(stream_writer(write))


def test_closing_the_stream_early_stops_the_writer():
    written = []

    def write(out):
        for i in range(1_000_000):
            out.write(b"x" * 1024)
            written.append(i)

    stream = stream_writer(write, max_chunks=2)
    next(stream)
    stream.close()  # the client went away
    assert len(written) < 1_000  # the writer stopped soon after, instead of producing 1 GB
