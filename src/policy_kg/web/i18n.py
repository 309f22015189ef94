"""The two page languages, Vietnamese and English: which one a request gets, and every UI string in both.

Order of choice: ``?lang=vi|en`` (which also sets the ``lang`` cookie so the choice is remembered), then the cookie,
then the Accept-Language header (RFC 9110 §12.5.4), then Vietnamese.
"""

from __future__ import annotations

from flask import g, request

LANGUAGES = ("vi", "en")
DEFAULT = "vi"
COOKIE = "lang"

STRINGS: dict[str, tuple[str, str]] = {
    "site": ("Đồ thị tri thức chính sách", "Policy knowledge graph"),
    "skip": ("Chuyển đến nội dung chính", "Skip to main content"),
    "nav_home": ("Trang chủ", "Home"),
    "nav_query": ("Truy vấn SPARQL", "SPARQL query"),
    "nav_ontology": ("Ontology", "Ontology"),
    "nav_search": ("Tìm kiếm", "Search"),
    "search_label": ("Tìm nghị quyết, chương trình, nhiệm vụ, cơ quan", "Find resolutions, programmes, tasks, agencies"),
    "search_button": ("Tìm", "Search"),
    "nav_label": ("Điều hướng chính", "Main navigation"),
    "lang_label": ("Ngôn ngữ", "Language"),
    "home_title": ("Đồ thị tri thức chính sách công Việt Nam", "A knowledge graph of Vietnamese public policy"),
    "home_intro": (
        "Dữ liệu mở liên kết về các nghị quyết chiến lược của Bộ Chính trị khóa XIII và các chương trình hành động "
        "của Thành ủy Hà Nội thực hiện các nghị quyết đó: mục tiêu, chỉ tiêu, nhiệm vụ, cơ quan và nguồn tin. "
        "Mỗi IRI là một trang; mỗi dữ kiện dẫn về câu trích của nguồn.",
        "Linked open data on the Politburo's strategic resolutions (term XIII) and the Hanoi Party Committee's action "
        "programmes that implement them: goals, targets, tasks, agencies and sources. Every IRI is a page; every fact "
        "leads back to a quoted source sentence.",
    ),
    "counts": ("Số liệu", "Counts"),
    "count_triples": ("bộ ba RDF", "RDF triples"),
    "resolutions": ("Nghị quyết và chương trình hành động", "Resolutions and action programmes"),
    "no_programme": ("chưa có chương trình hành động trong dữ liệu", "no action programme in the data yet"),
    "sectors": ("Lĩnh vực", "Sectors"),
    "next": ("Đi tiếp", "Where next"),
    "next_query": ("Viết truy vấn SPARQL, có sẵn các câu hỏi mẫu", "Write a SPARQL query, with example questions"),
    "next_ontology": ("Đọc ontology: các lớp và thuộc tính", "Read the ontology: classes and properties"),
    "next_download": ("Tải toàn bộ dữ liệu (Turtle)", "Download all the data (Turtle)"),
    "next_endpoint": ("Địa chỉ SPARQL endpoint cho công cụ", "SPARQL endpoint address for tools"),
    "type": ("Loại", "Type"),
    "properties": ("Thuộc tính", "Properties"),
    "other_language": ("Bằng tiếng Anh", "In Vietnamese"),
    "incoming": ("Liên kết đến tài nguyên này", "Links to this resource"),
    "source_quote": ("Trích dẫn nguồn", "Source quote"),
    "sources": ("Nguồn", "Sources"),
    "external": ("Liên kết ngoài", "External links"),
    "downloads": ("Tải xuống", "Download"),
    "download_as": ("Mô tả của tài nguyên này dưới dạng", "This resource's description as"),
    "iri": ("IRI", "IRI"),
    "cascade": ("Chuỗi thực hiện", "Implementation cascade"),
    "cascade_intro": (
        "Từ nghị quyết đến chương trình, mục tiêu, nhiệm vụ và cơ quan chủ trì. Mỗi ô là một liên kết.",
        "From resolution to programmes, goals, tasks and lead agencies. Every box is a link.",
    ),
    "cascade_svg": ("Tải hình SVG", "Download the SVG"),
    "col_resolution": ("Nghị quyết", "Resolution"),
    "col_programme": ("Chương trình", "Programme"),
    "col_goal": ("Mục tiêu", "Goal"),
    "col_task": ("Nhiệm vụ", "Task"),
    "col_agency": ("Cơ quan chủ trì", "Lead agency"),
    "not_stated": ("chưa rõ", "not stated"),
    "clarities": ("“6 rõ” của các nhiệm vụ", "The “6 rõ” (six clarities) of the tasks"),
    "clarities_intro": (
        "Kết luận 226-KL/TW yêu cầu mỗi nhiệm vụ rõ người, rõ việc, rõ thời gian, rõ trách nhiệm, rõ sản phẩm, "
        "rõ thẩm quyền. Bảng cho biết mỗi nhiệm vụ đã có gì trong dữ liệu và còn thiếu gì.",
        "Conclusion 226-KL/TW asks every task to be clear on owner, work, deadline, responsibility, deliverable and "
        "authority. The table shows what each task has in the data and what is missing.",
    ),
    "clarities_page": ("Xem riêng bảng “6 rõ”", "Open the “6 rõ” table on its own"),
    "task": ("Nhiệm vụ", "Task"),
    "missing": ("Còn thiếu", "Missing"),
    "has": ("có", "yes"),
    "lacks": ("thiếu", "missing"),
    "complete": ("đủ 6 rõ", "all six clear"),
    "tasks_with": ("nhiệm vụ có", "tasks have"),
    "no_tasks": ("Văn bản này chưa có nhiệm vụ nào trong dữ liệu.", "This document has no tasks in the data yet."),
    "ontology_title": ("Ontology policy-kg", "The policy-kg ontology"),
    "classes": ("Lớp", "Classes"),
    "object_properties": ("Thuộc tính đối tượng", "Object properties"),
    "datatype_properties": ("Thuộc tính dữ liệu", "Datatype properties"),
    "subclass_of": ("Lớp cha", "Subclass of"),
    "domain": ("Miền", "Domain"),
    "range": ("Phạm vi", "Range"),
    "inverse": ("Nghịch đảo", "Inverse of"),
    "graph_title": ("Đồ thị có tên", "Named graph"),
    "graph_size": ("Số bộ ba", "Triples"),
    "graph_subjects": ("Chủ thể trong đồ thị", "Subjects in the graph"),
    "query_title": ("Truy vấn SPARQL", "SPARQL query"),
    "query_intro": (
        "Viết truy vấn SPARQL 1.1 hoặc chọn một câu hỏi mẫu. Ctrl+Enter để chạy. Các công cụ dùng endpoint",
        "Write a SPARQL 1.1 query or pick an example question. Ctrl+Enter runs it. Tools use the endpoint",
    ),
    "query_label": ("Truy vấn", "Query"),
    "run": ("Chạy truy vấn", "Run query"),
    "examples": ("Câu hỏi mẫu", "Example questions"),
    "results": ("Kết quả", "Results"),
    "rows": ("dòng", "rows"),
    "no_rows": ("Không có dòng nào.", "No rows."),
    "ask_true": ("Có (true)", "Yes (true)"),
    "ask_false": ("Không (false)", "No (false)"),
    "graph_result": ("Truy vấn trả về một đồ thị; tải xuống bên dưới.", "The query returns a graph; download it below."),
    "download_results": ("Tải kết quả", "Download results"),
    "error": ("Lỗi", "Error"),
    "error_at": ("tại dòng {line}, cột {column}", "at line {line}, column {column}"),
    "line_col": ("Dòng {line}, cột {column}", "Line {line}, column {column}"),
    "footer": (
        "Dữ liệu và ontology: CC-BY-4.0. Mã nguồn: MIT.",
        "Data and ontology: CC-BY-4.0. Code: MIT.",
    ),
}


def choose_language() -> str:
    """The language of this request (and remembers a ``?lang=`` choice for the response's cookie)."""
    asked = (request.args.get("lang") or "").lower()
    if asked in LANGUAGES:
        g.set_lang_cookie = asked
        return asked
    cookie = (request.cookies.get(COOKIE) or "").lower()
    if cookie in LANGUAGES:
        return cookie
    best = request.accept_languages.best_match(LANGUAGES)
    return best or DEFAULT


def current_language() -> str:
    if "lang" not in g:
        g.lang = choose_language()
    return g.lang


def text(key: str, lang: str | None = None, **values: object) -> str:
    vi, en = STRINGS[key]
    chosen = vi if (lang or current_language()) == "vi" else en
    return chosen.format(**values) if values else chosen


def remember(response):
    """``after_request``: set the language cookie when the request chose a language with ``?lang=``."""
    chosen = g.get("set_lang_cookie")
    if chosen:
        response.set_cookie(COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    if response.mimetype == "text/html":
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    return response
