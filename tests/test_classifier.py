"""Directive classifier: faithful JSON export, reproducible training, sane labels, honest card."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from tsvcases import case_rows
from vn_directive_nlp import classify as clf

REPO = Path(__file__).resolve().parents[1]
MODELS = REPO / "vn_directive_nlp" / "model"
DATA = REPO / "data" / "classifier" / "sentences.tsv"


def _load_script():
    spec = importlib.util.spec_from_file_location("train_classifier", REPO / "scripts" / "train_classifier.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up there
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def script():
    pytest.importorskip("sklearn", reason="training needs the [train] extra")
    return _load_script()


@pytest.fixture(scope="module")
def training_rows(script):
    return script.read_sentences(DATA)


@pytest.fixture(scope="module")
def retrained(script, tmp_path_factory):
    """One retraining run into a temp folder: (report, output folder, what it printed)."""
    out = tmp_path_factory.mktemp("model")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        rep = script.train(DATA, out, verbose=True)
    return rep, out, printed.getvalue()


# --- data -----------------------------------------------------------------------------------


def test_training_data_size_balance_and_provenance(training_rows):
    texts, labels, sources = training_rows
    assert len(texts) >= 400
    assert len(set(t.casefold() for t in texts)) == len(texts), "duplicate sentences"
    assert set(labels) == set(clf.LABELS)
    share = labels.count("directive") / len(labels)
    assert 0.38 <= share <= 0.52, share
    from_files = [s for s in sources if s != "written"]
    assert len(from_files) / len(sources) <= 0.40
    seeds = {p.name for p in (REPO / "corpus").glob("*.txt")}
    for s in set(from_files):
        assert s in seeds or regex.fullmatch(r"(?:tb|cd|vpcp)-\d+-\d{4}\.txt", s), s
    assert all("\n" not in t and "\t" not in t and t == t.strip() for t in texts)


# --- the JSON export is the model -------------------------------------------------------------


def test_pure_python_scorer_equals_skops_predict_proba(training_rows):
    pytest.importorskip("skops", reason="the sklearn pipeline needs the [train] extra")
    texts, _, _ = training_rows
    model = clf.load_sklearn_model(MODELS / clf.SKOPS_FILE)
    weights = clf.load_weights()
    assert weights is not None
    assert list(model.classes_) == weights["classes"]
    expected = model.predict_proba(texts)
    got = clf.predict_proba(texts, weights)
    diff = max(abs(a - b) for row_e, row_g in zip(expected, got) for a, b in zip(row_e, row_g))
    assert diff < 1e-6, diff


def test_pure_python_scorer_on_unseen_and_odd_input():
    pytest.importorskip("skops", reason="the sklearn pipeline needs the [train] extra")
    texts = ["", "   ", "Ủy ban nhân dân tỉnh Thanh Hoá", "x" * 500, "**2. Đề nghị Bộ Y tế …**"]
    model = clf.load_sklearn_model()
    expected = model.predict_proba(texts)
    got = clf.predict_proba(texts)
    assert max(abs(a - b) for re_, rg in zip(expected, got) for a, b in zip(re_, rg)) < 1e-6


# --- reproducibility --------------------------------------------------------------------------


def _close(a, b, path="weights", tol=1e-6):
    """Same structure, same strings and names; numbers within ``tol`` (BLAS builds round the
    last digits of a fit differently, so bytes are compared only where the floats agree)."""
    assert type(a) is type(b) or {type(a), type(b)} <= {int, float}, path
    if isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for k in a:
            _close(a[k], b[k], f"{path}.{k}", tol)
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b)):
            _close(x, y, f"{path}[{i}]", tol)
    elif isinstance(a, float) or isinstance(b, float):
        assert abs(a - b) <= tol, (path, a, b)
    else:
        assert a == b, path


def test_retraining_reproduces_committed_weights(retrained):
    import json

    _, out, _ = retrained
    _close(json.loads((out / clf.WEIGHTS_FILE).read_text(encoding="utf-8")),
           json.loads((MODELS / clf.WEIGHTS_FILE).read_text(encoding="utf-8")))


def test_retraining_reproduces_committed_skops_model(retrained, training_rows):
    _, out, _ = retrained
    texts = training_rows[0] + ["", "Giao Bộ Y tế chủ trì, báo cáo trước ngày 30/6/2025."]
    new = clf.load_sklearn_model(out / clf.SKOPS_FILE).predict_proba(texts)
    old = clf.load_sklearn_model(MODELS / clf.SKOPS_FILE).predict_proba(texts)
    assert abs(new - old).max() < 1e-6


def _card_row(card: str, metric: str) -> tuple[float, float]:
    m = regex.search(rf"^\|\s*{regex.escape(metric)}\s*\|\s*([0-9.]+)\s*\|\s*([0-9.]+)\s*\|", card, flags=regex.M)
    assert m, f"card has no row {metric!r}"
    return float(m.group(1)), float(m.group(2))


def test_card_states_the_cross_validated_figures_the_script_prints(retrained):
    rep, _, printed = retrained
    card = (MODELS / "README.md").read_text(encoding="utf-8")
    m = regex.search(r"CV accuracy: ([0-9.]+)\s+macro-F1: ([0-9.]+)", printed)
    r = regex.search(r"rules baseline accuracy: ([0-9.]+)\s+macro-F1: ([0-9.]+)", printed)
    assert m and r, printed
    assert _card_row(card, "CV accuracy") == (float(m.group(1)), float(r.group(1)))
    assert _card_row(card, "CV macro-F1") == (float(m.group(2)), float(r.group(2)))
    assert float(m.group(1)) == round(rep.cv_accuracy, 3)
    assert f"{rep.n_rows} single-line" in card
    assert "scripts/train_classifier.py" in card


# --- behaviour on clear sentences that are not in the training data -----------------------------

SANITY = [
    ("Giao Bộ Tài chính chủ trì, phối hợp với Bộ Nội vụ xây dựng phương án tiền lương mới, báo cáo Chính phủ trước ngày 31 tháng 10 năm 2024.", "directive"),
    ("Đề nghị Ủy ban nhân dân tỉnh Phú Yên khẩn trương hoàn thành công tác giải phóng mặt bằng Dự án đường ven biển.", "directive"),
    ("Tiếp tục rà soát, bổ sung danh mục các dự án ưu tiên đầu tư trong kế hoạch trung hạn.", "directive"),
    ("Bộ Công Thương báo cáo Thủ tướng Chính phủ kết quả thực hiện trước ngày 15 tháng 3 năm 2025.", "directive"),
    ("Khẩn trương sửa chữa các đoạn đê bị sạt lở, bảo đảm an toàn trước mùa mưa bão.", "directive"),
    ("Đánh giá cao sự nỗ lực của tỉnh Yên Bái trong công tác giảm nghèo bền vững.", "assessment"),
    ("Biểu dương đội ngũ y, bác sĩ đã tận tụy chăm sóc người bệnh trong thời gian dịch bệnh.", "assessment"),
    ("Thống nhất với đề xuất của Bộ Xây dựng về việc điều chỉnh quy hoạch chung đô thị.", "assessment"),
    ("Đồng ý về nguyên tắc việc chuyển mục đích sử dụng rừng để thực hiện Dự án.", "assessment"),
    ("Tuy nhiên, tiến độ giải ngân vốn các chương trình mục tiêu quốc gia còn rất chậm.", "finding"),
    ("Bên cạnh những kết quả đạt được, công tác quản lý đất đai vẫn còn nhiều tồn tại, hạn chế.", "finding"),
    ("Mực nước trên các sông ở Hà Tĩnh đang lên nhanh, nhiều nơi vượt mức báo động 2.", "finding"),
    ("Để kịp thời ứng phó với đợt mưa lớn, Thủ tướng Chính phủ yêu cầu các địa phương thực hiện các nhiệm vụ sau:", "introduction"),
    ("Về phát triển nguồn nhân lực:", "introduction"),
    ("Bộ Giao thông vận tải:", "introduction"),
    ("Văn phòng Chính phủ thông báo để các bộ, ngành và Ủy ban nhân dân tỉnh Bắc Kạn biết, thực hiện./.", "other"),
    ("Ngày 10 tháng 7 năm 2022, tại trụ sở Chính phủ, Phó Thủ tướng Chính phủ Lê Văn Thành đã chủ trì cuộc họp về tình hình cung ứng xăng dầu.", "other"),
    ("Tham dự cuộc họp có lãnh đạo các Bộ: Tài chính, Công Thương và Ngân hàng Nhà nước Việt Nam.", "other"),
]


def test_sanity_rows_are_not_training_rows(training_rows):
    seen = {t.casefold() for t in training_rows[0]}
    assert not [t for t, _ in SANITY if t.casefold() in seen]


# Known gap, kept visible: a bare addressee heading whose agency name the training data mostly
# shows in narrative rows ("Tại cuộc họp, Bộ Giao thông vận tải báo cáo …") is pulled to "other".
_KNOWN_GAPS = {"Bộ Giao thông vận tải:"}
_SANITY_PARAMS = [
    pytest.param(t, e, marks=pytest.mark.xfail(strict=True, reason="agency name outweighs the final colon"))
    if t in _KNOWN_GAPS
    else (t, e)
    for t, e in SANITY
]


@pytest.mark.parametrize(("text", "expected"), _SANITY_PARAMS)
def test_clear_sentences_are_classified_right(text, expected):
    assert clf.classify([text]) == [expected]


@pytest.mark.parametrize(("text", "expected"), SANITY)
def test_directive_probability_agrees(text, expected):
    p = clf.directive_probability([text])[0]
    assert (p > 0.5) == (expected == "directive"), p


def test_marker_and_wrapping_do_not_change_the_label():
    plain = "Khẩn trương hoàn thiện hồ sơ dự án Luật, gửi Bộ Tư pháp thẩm định."
    variants = ["b) " + plain, "Thứ hai, " + plain, "- " + plain, plain.replace(" ", "  ")]
    assert clf.classify(variants) == clf.classify([plain]) * len(variants)


def test_empty_batch():
    assert clf.classify([]) == []
    assert clf.directive_probability([]) == []


# --- rules baseline -----------------------------------------------------------------------------

RULE_ROWS = case_rows("classifier_rule_cases.tsv")
PREPARE_ROWS = case_rows("classifier_prepare_cases.tsv")


@pytest.mark.parametrize("row", RULE_ROWS)
def test_rule_label(row):
    assert clf.rule_label(row["input"]) == row["expected"]


def test_each_keyword_rule_finds_its_own_examples():
    rules, default = clf.keyword_rules()
    assert default in clf.LABELS and {r.label for r in rules} <= set(clf.LABELS)
    for rule in rules:
        assert rule.examples, rule.what
        missed = [ex for ex in rule.examples if not rule.pattern.search(clf.prepare(ex))]
        assert not missed, f"{rule.label} ({rule.what}): {missed}"


@pytest.mark.parametrize("row", PREPARE_ROWS)
def test_prepare(row):
    assert clf.prepare(row["input"]) == row["expected"]


# --- run time: no sklearn, fallback when the model is missing ----------------------------------


def test_inference_does_not_import_sklearn():
    code = (
        "import sys, vn_directive_nlp.classify as c;"
        "c.classify(['Giao Bộ Y tế chủ trì.']);"
        "print(any(m.split('.')[0] in ('sklearn', 'skops', 'scipy') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "False"


def test_missing_model_falls_back_to_rules_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv(clf.MODEL_DIR_ENV, str(tmp_path))
    assert not clf.model_available()
    texts = [p.values[0]["input"] for p in RULE_ROWS]
    assert clf.classify(texts) == [clf.rule_label(t) for t in texts]
    assert clf.directive_probability(["Giao Bộ Y tế chủ trì.", "Nơi nhận:"]) == [1.0, 0.0]
    assert str(tmp_path) in clf.fallback_warning()


def test_scoring_leaves_the_loaded_weights_as_they_were_read():
    import json

    weights = clf.load_weights()
    before = json.dumps(weights, sort_keys=True)
    clf.classify(["Giao Bộ Y tế chủ trì, báo cáo trước ngày 30/6/2025.", "Biểu dương các lực lượng."])
    clf.predict_proba(["Bộ Tài chính chủ trì, phối hợp với Bộ Xây dựng."], weights)
    assert json.dumps(weights, sort_keys=True) == before
    assert weights == json.loads((MODELS / clf.WEIGHTS_FILE).read_text(encoding="utf-8"))


def test_model_dir_env_points_to_another_copy(tmp_path, monkeypatch):
    (tmp_path / clf.WEIGHTS_FILE).write_bytes((MODELS / clf.WEIGHTS_FILE).read_bytes())
    monkeypatch.setenv(clf.MODEL_DIR_ENV, str(tmp_path))
    assert clf.model_dir() == tmp_path
    assert clf.classify(["Biểu dương các lực lượng cứu hộ."]) == ["assessment"]


def test_default_model_dir_is_the_package_model_folder(monkeypatch):
    monkeypatch.delenv(clf.MODEL_DIR_ENV, raising=False)
    assert clf.model_dir() == MODELS == Path(clf.__file__).parent / "model"
    assert os.path.isfile(MODELS / clf.WEIGHTS_FILE)


NOTICE = ("THÔNG BÁO\nKết luận của Phó Thủ tướng Trần Hồng Hà\n\nSố: 5/TB-VPCP\n\nPhó Thủ tướng kết luận như sau:\n"
          "1. Giao Bộ Y tế chủ trì, báo cáo Thủ tướng Chính phủ trước ngày 30/6/2025.\n")


def test_a_parse_with_the_model_carries_no_fallback_warning():
    from vn_directive_nlp import parse_text

    notice = parse_text(NOTICE)
    assert notice.assignments and not [w for w in notice.warnings if "classifier" in w]


@pytest.mark.parametrize("damage", ["missing", "not json", "other format"])
def test_a_parse_without_a_usable_model_says_the_rules_were_used(tmp_path, monkeypatch, damage):
    from vn_directive_nlp import parse_text

    if damage == "not json":
        (tmp_path / clf.WEIGHTS_FILE).write_text("{ cut off", encoding="utf-8")
    elif damage == "other format":
        (tmp_path / clf.WEIGHTS_FILE).write_text('{"format": 99}', encoding="utf-8")
    monkeypatch.setenv(clf.MODEL_DIR_ENV, str(tmp_path))
    notice = parse_text(NOTICE)
    [note] = [w for w in notice.warnings if "classifier" in w]
    assert "keyword rules used instead" in note and str(tmp_path) in note
    assert notice.assignments  # still parsed, by the rules
