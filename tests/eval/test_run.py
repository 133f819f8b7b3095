"""The eval run: gold read line by line, bad lines reported, every record scored (real pipeline in the CLI test)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from warledger.cli import main
from warledger.eval.run import evaluate_file, merge, per_document, read_gold

# written for these tests: short event notes in the style of analyst notes
RECORDS = [
    {"id": "g1", "published": "2022-09-14",
     "text": "On 14 September 2022, militants ambushed an army convoy near Kidal, killing four soldiers.",
     "gold": {"event_type": "Battles", "date": "2022-09-14", "country": "Mali", "lat": 18.44, "lon": 1.41,
              "geo_precision": 1, "killed": 4}},
    {"id": "g2", "published": "2022-09-12",
     "text": "On 12 September 2022, about 200 nurses held a protest outside the health ministry in Bamako "
             "demanding unpaid salaries.",
     "gold": {"event_type": "Protests", "date": "2022-09-12", "country": "Mali", "lat": 12.65, "lon": -8.0,
              "geo_precision": 1, "killed": 0}},
]


def write_gold(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def fake_output(doc):
    """A stand-in extractor for the plumbing tests: one Battles event with four killed, on the record's date."""
    day = doc.published.isoformat()
    return {"id": doc.id, "events": [{"status": "reported", "event_type": "Battles",
                                      "casualties": [{"kind": "killed", "best": 4}],
                                      "date": {"start": day, "end": day},
                                      "location": {"country": "Mali", "lat": 18.44, "lon": 1.41}}]}


def test_bad_lines_are_reported_and_the_rest_scored(tmp_path):
    path = write_gold(tmp_path / "gold.jsonl", [
        json.dumps(RECORDS[0]),
        "{not json",
        json.dumps({"id": "x", "text": "no gold here"}),
        json.dumps({"id": "y", "text": "", "gold": {"killed": 0}}),  # no text: scored as a miss
        json.dumps(RECORDS[1]),
    ])
    errors: list[str] = []
    result = evaluate_file(path, on_error=errors.append, runner=per_document(fake_output))
    assert result.metrics.records == 3
    assert result.metrics.answered == 2
    assert any(":2: not JSON" in e for e in errors)
    assert any(':3: record has no "gold" object' in e for e in errors)
    assert any(":4:" in e and "text" in e for e in errors)
    assert result.metrics.hits["killed"] == 2  # g1 (4 = 4) and y (0 = 0, no output)
    assert result.metrics.tries["event_type"] == 2 and result.metrics.hits["event_type"] == 1


def test_a_crashing_record_does_not_stop_the_run(tmp_path):
    path = write_gold(tmp_path / "gold.jsonl", [json.dumps(r) for r in RECORDS])

    def flaky(doc):
        if doc.id == "g1":
            raise RuntimeError("boom")
        return fake_output(doc)

    errors: list[str] = []
    result = evaluate_file(path, on_error=errors.append, runner=per_document(flaky))
    assert result.metrics.records == 2 and result.metrics.answered == 1
    assert errors == [f"{path}:1: extraction failed: RuntimeError: boom"]


def test_limit_and_merge(tmp_path):
    path = write_gold(tmp_path / "gold.jsonl", [json.dumps(r) for r in RECORDS])
    one = evaluate_file(path, limit=1, runner=per_document(fake_output))
    assert one.metrics.records == 1
    both = merge([one, evaluate_file(path, runner=per_document(fake_output))])
    assert both.records == 3


def test_missing_file_raises_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such file"):
        evaluate_file(str(tmp_path / "absent.jsonl"), runner=per_document(fake_output))


def test_read_gold_keeps_records_and_documents(tmp_path):
    path = write_gold(tmp_path / "gold.jsonl", [json.dumps(RECORDS[0])])
    (item,) = list(read_gold(path))
    assert item.record["id"] == "g1"
    assert item.document.id == "g1" and item.document.published.isoformat() == "2022-09-14"


@pytest.mark.slow
def test_cli_runs_the_real_pipeline(tmp_path):
    gold = write_gold(tmp_path / "gold.jsonl", [json.dumps(r) for r in RECORDS])
    out = tmp_path / "out.jsonl"
    runner = CliRunner()
    result = runner.invoke(main, ["eval", gold, "--json", "--output", str(out), "--worst", "3"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output.strip().splitlines()[-1])
    assert payload["records"] == 2 and payload["answered"] == 2
    assert set(payload["metrics"]) >= {"killed", "event_type", "country", "within_25km", "within_100km", "date"}
    assert payload["metrics"]["killed"] == 1.0
    assert payload["metrics"]["event_type"] == 1.0
    assert payload["metrics"]["date"] == 1.0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["g1", "g2"]

    text = runner.invoke(main, ["eval", gold, "--limit", "1"])
    assert text.exit_code == 0
    assert "killed" in text.output and "event type confusion" in text.output and "worst misses" in text.output


def test_cli_missing_file_is_one_line_and_exit_1(tmp_path):
    result = CliRunner().invoke(main, ["eval", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1
    assert "nope.jsonl: no such file" in result.output
    assert "Traceback" not in result.output


def test_records_run_in_batches_and_are_reported_in_line_order(tmp_path):
    lines = [json.dumps({**RECORDS[i % 2], "id": f"r{i}"}) for i in range(7)]
    lines.insert(3, "{not json")
    path = write_gold(tmp_path / "gold.jsonl", lines)
    batches: list[list[str]] = []

    def batch_runner(documents):
        batches.append([d.id for d in documents])
        return [RuntimeError("boom") if d.id == "r4" else fake_output(d) for d in documents]

    events: list[str] = []
    result = evaluate_file(path, runner=batch_runner, batch_size=3, on_error=lambda m: events.append(f"error {m}"),
                           on_output=lambda doc: events.append(f"output {doc['id']}"))
    assert batches == [["r0", "r1", "r2"], ["r3", "r4", "r5"], ["r6"]]
    assert [e.split(":")[0] if e.startswith("error") else e for e in events] == [
        "output r0", "output r1", "output r2", f"error {path}", "output r3", f"error {path}", "output r5", "output r6"]
    assert f"{path}:6: extraction failed: RuntimeError: boom" in result.errors
    assert result.metrics.records == 7 and result.metrics.answered == 6
    one_by_one = evaluate_file(path, runner=per_document(fake_output), batch_size=1)
    assert one_by_one.metrics.records == 7 and one_by_one.metrics.answered == 7
