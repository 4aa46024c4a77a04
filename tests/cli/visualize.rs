//! `pactkit visualize`: real projects in temporary repositories, one per language, every
//! written graph run through the Mermaid grammar check, `--lazy`, the narrowing options,
//! and bad input (syntax errors, invalid UTF-8, oversized files).

use crate::common::{TestRepo, assert_code, render, stderr, stdout};
use pactkit::visualize::mermaid;
use std::path::Path;

const GRAPHS: &str = "docs/architecture/graphs";

/// Copies a fixture project from tests/fixtures/visualize/<name> into the repository (each
/// has an EXPECTED.md describing its graphs).
pub fn copy_fixture(repo: &TestRepo, name: &str) {
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/visualize")
        .join(name);
    copy_dir(&src, repo.root());
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("fixture dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_dir(&entry.path(), &target);
        } else if entry.file_name() != "EXPECTED.md" {
            // `Cargo.toml.fixture`: a real Cargo.toml would make cargo treat the fixture
            // as a package of its own and leave it out of pactkit's.
            let name = entry.file_name().to_string_lossy().replace(".fixture", "");
            std::fs::copy(entry.path(), to.join(name)).expect("copy");
        }
    }
}

/// Runs visualize with `args`, expects success, checks every graph with the Mermaid
/// grammar check and returns the named graph's text.
pub fn graph(repo: &TestRepo, args: &[&str], name: &str) -> String {
    let mut full = vec!["visualize"];
    full.extend_from_slice(args);
    let out = repo.pactkit(&full);
    assert_code(&out, 0);
    check_all(repo);
    repo.read(&format!("{GRAPHS}/{name}"))
}

/// Every `.mmd` file written so far passes the Mermaid grammar check.
pub fn check_all(repo: &TestRepo) {
    for entry in std::fs::read_dir(repo.path(GRAPHS)).expect("graphs dir") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "mmd") {
            let text = std::fs::read_to_string(&path).expect("read graph");
            if let Err(problem) = mermaid::check(&text) {
                panic!("{} is not valid Mermaid: {problem}\n{text}", path.display());
            }
        }
    }
}

/// Asserts each line occurs in `text`.
pub fn assert_lines(text: &str, lines: &[&str]) {
    for line in lines {
        assert!(
            text.lines().any(|l| l.trim() == *line),
            "missing `{line}` in:\n{text}"
        );
    }
}

/// Asserts no line of `text` is one of `lines`.
pub fn refute_lines(text: &str, lines: &[&str]) {
    for line in lines {
        assert!(
            !text.lines().any(|l| l.trim() == *line),
            "unexpected `{line}` in:\n{text}"
        );
    }
}

fn python_shop() -> TestRepo {
    let repo = TestRepo::new();
    repo.write("pyproject.toml", "[project]\nname = \"shop\"\n")
        .write("src/shop/__init__.py", "")
        .write(
            "src/shop/models.py",
            "class Base:\n    def save(self):\n        return self.validate()\n\n    def validate(self):\n        return True\n\n\nclass Item(Base):\n    def validate(self):\n        return bool(self.name)\n",
        )
        .write(
            "src/shop/store.py",
            "from shop.models import Item, Base\n\n\nclass Store:\n    def __init__(self):\n        self.items = Item()\n\n    def add(self, name):\n        item = Item()\n        item.save()\n        return self._log(name)\n\n    def _log(self, name):\n        return name\n",
        )
        .write(
            "src/shop/cli.py",
            "from .store import Store\nimport shop.models\n\n\ndef main():\n    s = Store()\n    s.add(\"x\")\n    helper()\n\n\ndef helper():\n    return 1\n",
        )
        .write("tests/test_store.py", "from shop.store import Store\n\ndef test_add():\n    Store().add('x')\n");
    repo
}

#[test]
fn a_python_project_gets_all_four_graphs() {
    let repo = python_shop();
    let out = repo.pactkit(&["visualize"]);
    assert_code(&out, 0);
    let listing = stdout(&out);
    for name in ["code_graph", "class_graph", "call_graph", "module_graph"] {
        assert!(
            listing.contains(&format!("wrote {GRAPHS}/{name}.mmd")),
            "{listing}"
        );
    }
    check_all(&repo);
    let code = repo.read(&format!("{GRAPHS}/code_graph.mmd"));
    assert_lines(
        &code,
        &[
            "graph TD",
            "src_shop_cli_py[\"cli.py\"]",
            "click src_shop_cli_py href \"src/shop/cli.py\"",
            "src_shop_cli_py --> src_shop_store_py",
            "src_shop_cli_py --> src_shop_models_py",
            "src_shop_store_py --> src_shop_models_py",
        ],
    );
    assert!(
        !code.contains("test_store"),
        "tests are not architecture:\n{code}"
    );
    let classes = repo.read(&format!("{GRAPHS}/class_graph.mmd"));
    assert_lines(
        &classes,
        &[
            "classDiagram",
            "Base <|-- Item",
            "Store *-- Item",
            "+add(name)",
            "-_log(name)",
        ],
    );
    let calls = repo.read(&format!("{GRAPHS}/call_graph.mmd"));
    assert_lines(
        &calls,
        &[
            "main --> Store_add",
            "main --> helper",
            "Store_add --> Store__log",
            "Store_add --> Base_save",
            "Base_save --> Base_validate",
            "Base_validate --> Item_validate",
        ],
    );
    let modules = repo.read(&format!("{GRAPHS}/module_graph.mmd"));
    assert_lines(
        &modules,
        &[
            "src_shop[\"src/shop\"]",
            "click src_shop href \"src/shop/\"",
        ],
    );
}

#[test]
fn output_is_stable_and_unchanged_graphs_are_not_rewritten() {
    let repo = python_shop();
    assert_code(&repo.pactkit(&["visualize"]), 0);
    let first: Vec<String> = ["code_graph", "class_graph", "call_graph", "module_graph"]
        .iter()
        .map(|n| repo.read(&format!("{GRAPHS}/{n}.mmd")))
        .collect();
    let out = repo.pactkit(&["visualize"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains(&format!("unchanged {GRAPHS}/code_graph.mmd")),
        "{}",
        render(&out)
    );
    let second: Vec<String> = ["code_graph", "class_graph", "call_graph", "module_graph"]
        .iter()
        .map(|n| repo.read(&format!("{GRAPHS}/{n}.mmd")))
        .collect();
    assert_eq!(first, second);
}

#[test]
fn lazy_twice_in_a_row_does_no_work_the_second_time() {
    let repo = python_shop();
    let first = repo.pactkit(&["visualize", "--lazy"]);
    assert_code(&first, 0);
    assert!(stdout(&first).contains("wrote"), "{}", render(&first));
    assert!(
        repo.path(&format!("{GRAPHS}/.visualize-sources.json"))
            .is_file()
    );
    assert_eq!(
        repo.read(&format!("{GRAPHS}/.gitignore")),
        "/.visualize-sources.json\n"
    );
    let untracked = repo.git(&["status", "--porcelain", "--untracked-files=all"]);
    assert!(
        !untracked.contains(".visualize-sources.json"),
        "{untracked}"
    );
    let graph = repo.path(&format!("{GRAPHS}/code_graph.mmd"));
    let before = std::fs::metadata(&graph)
        .expect("graph")
        .modified()
        .expect("mtime");
    let second = repo.pactkit(&["visualize", "--lazy"]);
    assert_code(&second, 0);
    assert!(stdout(&second).is_empty(), "{}", render(&second));
    assert!(
        stderr(&second).contains("graphs up to date"),
        "{}",
        render(&second)
    );
    let after = std::fs::metadata(&graph)
        .expect("graph")
        .modified()
        .expect("mtime");
    assert_eq!(before, after, "the lazy run rewrote a graph");

    // A changed source, a deleted graph and other options each make it run again.
    repo.write("src/shop/extra.py", "from shop.store import Store\n");
    let changed = repo.pactkit(&["visualize", "--lazy"]);
    assert!(stdout(&changed).contains("wrote"), "{}", render(&changed));
    assert!(
        repo.read(&format!("{GRAPHS}/code_graph.mmd"))
            .contains("src_shop_extra_py --> src_shop_store_py")
    );
    std::fs::remove_file(repo.path(&format!("{GRAPHS}/class_graph.mmd"))).expect("rm");
    let missing = repo.pactkit(&["visualize", "--lazy"]);
    assert!(
        stdout(&missing).contains("class_graph.mmd"),
        "{}",
        render(&missing)
    );
    let other = repo.pactkit(&["visualize", "--lazy", "--mode", "file"]);
    assert!(
        stdout(&other).contains("code_graph.mmd"),
        "{}",
        render(&other)
    );
}

#[test]
fn lazy_sees_an_edit_that_keeps_size_and_is_not_committed() {
    let repo = python_shop();
    assert_code(&repo.pactkit(&["visualize", "--lazy", "--mode", "file"]), 0);
    // Same length, different content: only the hash tells.
    let text = repo
        .read("src/shop/cli.py")
        .replace("import shop.models", "import shop.xxxxxx");
    repo.write("src/shop/cli.py", &text);
    let out = repo.pactkit(&["visualize", "--lazy", "--mode", "file"]);
    assert!(stdout(&out).contains("wrote"), "{}", render(&out));
}

#[test]
fn focus_keeps_a_file_and_its_neighbours() {
    let repo = python_shop();
    let text = graph(
        &repo,
        &["--mode", "file", "--focus", "store"],
        "focus_file_graph.mmd",
    );
    assert_lines(
        &text,
        &[
            "src_shop_cli_py --> src_shop_store_py",
            "src_shop_store_py --> src_shop_models_py",
        ],
    );
    assert!(!text.contains("__init__"), "{text}");
    assert!(!repo.path(&format!("{GRAPHS}/code_graph.mmd")).exists());
    let out = repo.pactkit(&["visualize", "--mode", "file", "--focus", "nowhere"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("focus target `nowhere` matches nothing"),
        "{}",
        render(&out)
    );
}

#[test]
fn entry_walks_the_call_chain_forward_and_backward() {
    let repo = python_shop();
    let forward = graph(
        &repo,
        &["--mode", "call", "--entry", "main"],
        "call_graph.mmd",
    );
    assert_lines(
        &forward,
        &[
            "subgraph \"Depth 0\"",
            "main[\"main [↑0 ↓2]\"]",
            "main --> Store_add",
            "Store_add --> Store__log",
        ],
    );
    assert!(
        !forward.contains("Item_validate\"") || forward.contains("Depth 3"),
        "{forward}"
    );
    let depth1 = graph(
        &repo,
        &["--mode", "call", "--entry", "main", "--depth", "1"],
        "call_graph.mmd",
    );
    refute_lines(&depth1, &["Store_add --> Store__log"]);
    let reverse = graph(
        &repo,
        &["--mode", "call", "--entry", "Store._log", "--reverse"],
        "reverse_call_graph.mmd",
    );
    assert_lines(
        &reverse,
        &["Store_add --> Store__log", "main --> Store_add"],
    );
    refute_lines(&reverse, &["main --> helper"]);
    let bad = repo.pactkit(&["visualize", "--mode", "call", "--entry", "nothing_here"]);
    assert_code(&bad, 2);
    assert!(
        stderr(&bad).contains("entry `nothing_here` is not a function"),
        "{}",
        render(&bad)
    );
    let reverse_alone = repo.pactkit(&["visualize", "--reverse"]);
    assert_code(&reverse_alone, 2);
}

#[test]
fn max_nodes_caps_the_graph_with_a_note() {
    let repo = python_shop();
    let text = graph(
        &repo,
        &["--mode", "file", "--max-nodes", "2"],
        "code_graph.mmd",
    );
    assert_eq!(
        text.lines()
            .filter(|l| l.contains("[\"") && !l.contains("more_nodes"))
            .count(),
        2,
        "{text}"
    );
    assert_lines(
        &text,
        &["more_nodes[\"... and 2 more nodes (use --max-nodes to adjust)\"]"],
    );
}

#[test]
fn broken_files_are_read_as_far_as_possible() {
    let repo = python_shop();
    repo.write(
        "src/shop/broken.py",
        "from shop.models import Item\n\ndef oops(:\n    pass\n",
    )
    .write_bytes(
        "src/shop/latin1.py",
        b"# caf\xe9\nfrom shop.store import Store\n",
    )
    .write("src/shop/big.py", &"x = 1\n".repeat(200_000))
    .write("build/gen.py", "from shop.store import Store\n");
    let out = repo.pactkit(&["visualize", "--mode", "file"]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("src/shop/big.py: skipped, larger than 1 MiB"),
        "{}",
        render(&out)
    );
    check_all(&repo);
    let text = repo.read(&format!("{GRAPHS}/code_graph.mmd"));
    assert_lines(
        &text,
        &[
            "src_shop_broken_py --> src_shop_models_py",
            "src_shop_latin1_py --> src_shop_store_py",
        ],
    );
    assert!(
        !text.contains("big_py") && !text.contains("build_gen"),
        "{text}"
    );
}

#[test]
fn works_outside_a_repository_and_reports_json() {
    let repo = TestRepo::empty_dir();
    repo.write("main.py", "import util\n")
        .write("util.py", "def f():\n    pass\n");
    let out = repo.pactkit(&["visualize", "--mode", "file", "--format", "json"]);
    assert_code(&out, 0);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert_eq!(report["files"], 2);
    assert_eq!(
        report["graphs"][0]["path"],
        format!("{GRAPHS}/code_graph.mmd")
    );
    assert_eq!(report["graphs"][0]["edges"], 1);
}

#[test]
fn board_snapshot_copies_the_written_graphs() {
    let repo = python_shop();
    assert_code(&repo.pactkit(&["visualize"]), 0);
    let out = repo.pactkit(&["board", "snapshot", "v1.2.0"]);
    assert_code(&out, 0);
    for name in ["code_graph", "class_graph", "call_graph", "module_graph"] {
        let snapshot = repo.read(&format!("docs/architecture/snapshots/v1.2.0_{name}.mmd"));
        assert_eq!(snapshot, repo.read(&format!("{GRAPHS}/{name}.mmd")));
    }
}

/// A fixture project in a fresh repository, visualized with every mode.
fn visualized(fixture: &str) -> (TestRepo, [String; 4]) {
    let repo = TestRepo::new();
    copy_fixture(&repo, fixture);
    let out = repo.pactkit(&["visualize"]);
    assert_code(&out, 0);
    check_all(&repo);
    let read = |name: &str| repo.read(&format!("{GRAPHS}/{name}.mmd"));
    let graphs = [
        read("code_graph"),
        read("class_graph"),
        read("call_graph"),
        read("module_graph"),
    ];
    (repo, graphs)
}

#[test]
fn a_go_module_resolves_packages_and_merges_methods_across_files() {
    let (_repo, [code, classes, calls, modules]) = visualized("go");
    assert_lines(
        &code,
        &[
            "main_go --> internal_store_store_go",
            "main_go --> internal_store_index_go",
            "internal_store_index_go --> internal_model_item_go",
            // Package-mates: Store holds a Logger declared in logger.go.
            "internal_store_store_go --> internal_store_logger_go",
        ],
    );
    assert!(!code.contains("store_test"), "{code}");
    assert_lines(
        &classes,
        &[
            "Entity <|-- Item",
            "Reader <|.. Repository",
            "Store *-- Logger",
            "Store *-- Item",
            "+Find(id)",
            "-index(item)",
        ],
    );
    assert_lines(
        &calls,
        &[
            "main --> NewStore",
            "seed --> NewItem",
            "Store_Add --> Store_index",
            "Store_Add --> Logger_Write",
            "Item_Label --> Money_Format",
        ],
    );
    assert_lines(
        &modules,
        &[
            "root -->|1| internal_store",
            "root -->|1| internal_model",
            "internal_store -->|2| internal_model",
        ],
    );
}

#[test]
fn a_maven_project_resolves_imports_wildcards_and_static_imports() {
    let (_repo, [code, classes, calls, _]) = visualized("java");
    let p = "src_main_java_com_acme_";
    assert_lines(
        &code,
        &[
            &format!("{p}App_java --> {p}service_OrderService_java"),
            &format!("{p}service_OrderService_java --> {p}util_Money_java"),
            &format!("{p}service_OrderService_java --> {p}model_Identified_java"),
            &format!("{p}model_Customer_java --> {p}model_Account_java"),
        ],
    );
    assert_lines(
        &classes,
        &[
            "Account <|-- Customer",
            "Identified <|.. Account",
            "Identified <|.. Order",
            "Order *-- Money",
            "OrderService *-- Customer",
            "<<interface>>",
            "<<enumeration>>",
        ],
    );
    assert_lines(
        &calls,
        &[
            "Account_place --> Account_validate",
            "OrderService_checkout --> Money_of",
            "OrderService_audit --> OrderService_describe",
            "Customer_label --> Account_id",
        ],
    );
}

#[test]
fn a_python_src_layout_resolves_relative_package_and_module_imports() {
    let (_repo, [code, classes, calls, _]) = visualized("python");
    let p = "src_shopkit_";
    assert_lines(
        &code,
        &[
            &format!("{p}__init___py --> {p}service_py"),
            &format!("{p}cli_py --> {p}__init___py"),
            &format!("{p}service_py --> {p}storage_repo_py"),
            &format!("{p}storage_repo_py --> {p}models_py"),
            &format!("{p}pricing_py --> {p}models_py"),
        ],
    );
    assert_eq!(
        code.lines().filter(|l| l.contains(" --> ")).count(),
        9,
        "{code}"
    );
    assert_lines(
        &classes,
        &[
            "Entity <|-- Customer",
            "Repository <|-- MemoryRepository",
            "Order *-- LineItem",
            "OrderService *-- MemoryRepository",
            "MemoryRepository *-- Order",
            "-_audit(order, amount)",
        ],
    );
    assert_lines(
        &calls,
        &[
            "main --> demo",
            "demo --> OrderService_place",
            "total --> apply_discount",
            "OrderService_place --> OrderService__audit",
            "OrderService__audit --> Entity_describe",
            "Customer___init__ --> Entity___init__",
            "Repository_save --> MemoryRepository_save",
        ],
    );
    refute_lines(&calls, &["Entity___init__ --> Customer___init__"]);
}

#[test]
fn a_rust_crate_follows_mod_declarations_and_use_paths() {
    let (_repo, [code, classes, calls, modules]) = visualized("rust");
    assert_lines(
        &code,
        &[
            "src_main_rs --> src_store_mod_rs",
            "src_main_rs --> src_service_rs",
            "src_store_mod_rs --> src_store_memory_rs",
            "src_store_memory_rs --> src_store_mod_rs",
        ],
    );
    assert_eq!(
        code.lines().filter(|l| l.contains(" --> ")).count(),
        11,
        "{code}"
    );
    assert_lines(
        &classes,
        &[
            "Entity <|.. Customer",
            "Store <|.. MemoryStore",
            "OrderService *-- Store",
            "MemoryStore *-- Order",
            "<<trait>>",
            "<<struct>>",
            "-audit(total, count)",
        ],
    );
    assert_lines(
        &calls,
        &[
            "main --> Order_sample",
            "main --> OrderService_new",
            "main --> MemoryStore_new",
            "Order_total --> LineItem_price",
            "log --> format_line",
        ],
    );
    assert!(
        !calls.contains("×2| OrderService_new"),
        "Box::new must not land on a project new:\n{calls}"
    );
    assert_lines(&modules, &["src -->|3| src_store"]);
}

#[test]
fn a_typescript_app_resolves_path_aliases_barrels_and_jsx_components() {
    let (_repo, [code, classes, calls, _]) = visualized("ts");
    assert_lines(
        &code,
        &[
            "src_services_userService_ts --> src_models_index_ts",
            "src_store_repository_ts --> src_util_format_js",
            "src_models_user_ts --> src_models_entity_ts",
            "src_main_ts --> src_components_UserList_tsx",
        ],
    );
    assert_eq!(
        code.lines().filter(|l| l.contains(" --> ")).count(),
        14,
        "{code}"
    );
    assert_lines(
        &classes,
        &[
            "Entity <|-- User",
            "Named <|.. User",
            "User *-- Address",
            "UserService *-- UserRepository",
            "Props *-- UserService",
        ],
    );
    assert_lines(
        &calls,
        &[
            "UserList --> UserRow",
            "UserList --> UserService_listNames",
            "UserService_register --> UserRepository_add",
            "main --> render",
        ],
    );
}

#[test]
fn stack_narrows_a_polyglot_repository_to_one_language() {
    let repo = TestRepo::new();
    copy_fixture(&repo, "go");
    repo.write("tools/gen.py", "import os\n")
        .write("tools/pyproject.toml", "[project]\nname='t'\n");
    let all = graph(&repo, &["--mode", "file"], "code_graph.mmd");
    assert!(
        all.contains("tools_gen_py") && all.contains("main_go"),
        "{all}"
    );
    let go = graph(
        &repo,
        &["--mode", "file", "--stack", "go"],
        "code_graph.mmd",
    );
    assert!(
        !go.contains("tools_gen_py") && go.contains("main_go"),
        "{go}"
    );
}

#[test]
fn pactkit_s_own_source_gives_valid_graphs() {
    // A real, larger Rust code base: every graph must still pass the Mermaid check, and
    // the module graph must show the gates depending on the git layer.
    let repo = TestRepo::new();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(manifest.join("Cargo.toml"), repo.path("Cargo.toml")).expect("manifest");
    std::fs::create_dir_all(repo.path("src")).expect("src");
    copy_dir(&manifest.join("src"), &repo.path("src"));
    let out = repo.pactkit(&["visualize", "--format", "json"]);
    assert_code(&out, 0);
    check_all(&repo);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("json");
    assert!(
        report["files"].as_u64().is_some_and(|n| n > 100),
        "{report}"
    );
    // Thousands of calls: more than Mermaid renders by default, and the user is told.
    assert!(
        stderr(&out).contains("call_graph.mmd: ")
            && stderr(&out).contains("Mermaid's default renderer"),
        "{}",
        render(&out)
    );
    let modules = repo.read(&format!("{GRAPHS}/module_graph.mmd"));
    assert!(
        modules
            .lines()
            .any(|l| l.trim().starts_with("src_gates -->|") && l.ends_with(" src_git")),
        "{modules}"
    );
    let classes = repo.read(&format!("{GRAPHS}/class_graph.mmd"));
    assert!(classes.contains("class Printer {"), "{classes}");
}

#[test]
fn exit_code_reports_changed_graphs_for_hooks() {
    let repo = python_shop();
    repo.write(&format!("{GRAPHS}/.gitignore"), "# mine\n*.bak");
    let first = repo.pactkit(&["visualize", "--lazy", "--exit-code"]);
    assert_code(&first, 1);
    assert!(
        stderr(&first).contains("the graphs changed: stage docs/architecture/graphs"),
        "{}",
        render(&first)
    );
    // The user's .gitignore keeps its lines; the manifest's line is appended once.
    assert_eq!(
        repo.read(&format!("{GRAPHS}/.gitignore")),
        "# mine\n*.bak\n/.visualize-sources.json\n"
    );
    assert_code(&repo.pactkit(&["visualize", "--lazy", "--exit-code"]), 0);
    // A comment changes the sources but not the graphs: redrawn, nothing changed, exit 0.
    repo.write(
        "src/shop/cli.py",
        &format!("# note\n{}", repo.read("src/shop/cli.py")),
    );
    let redrawn = repo.pactkit(&["visualize", "--lazy", "--exit-code"]);
    assert_code(&redrawn, 0);
    assert!(
        stdout(&redrawn).contains("unchanged"),
        "{}",
        render(&redrawn)
    );
    assert_eq!(
        repo.read(&format!("{GRAPHS}/.gitignore"))
            .matches("visualize-sources")
            .count(),
        1
    );
}

#[test]
fn a_repository_without_code_gets_no_graphs() {
    let repo = TestRepo::new();
    repo.write("README.md", "# docs only\n");
    let out = repo.pactkit(&["visualize", "--exit-code"]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("no source files found"),
        "{}",
        render(&out)
    );
    assert!(!repo.path(GRAPHS).exists());
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_named_and_skipped() {
    use std::os::unix::ffi::OsStrExt;
    let repo = python_shop();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.py");
    std::fs::write(repo.path("src/shop").join(name), "import os\n").expect("write");
    let out = repo.pactkit(&["visualize", "--mode", "file"]);
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("warning: src/shop/caf\u{fffd}.py: skipped, the name is not UTF-8"),
        "{}",
        render(&out)
    );
    check_all(&repo);
}

#[test]
fn layers_mark_imports_that_point_outward() {
    let repo = TestRepo::new();
    repo.write(
        "pactkit.yaml",
        "visualize:\n  layers:\n    - name: ui\n      patterns: [\"app/ui/**\"]\n    - name: core\n      patterns: [\"app/core/**\"]\n",
    )
    .write("app/ui/view.py", "from app.core import rules\n")
    .write("app/core/rules.py", "def ok():\n    pass\n")
    .write("app/core/leak.py", "from app.ui import view\n");
    let out = repo.pactkit(&["visualize", "--mode", "file", "--layers"]);
    assert_code(&out, 0);
    assert!(
        stdout(&out).contains("1 upward across layers"),
        "{}",
        render(&out)
    );
    check_all(&repo);
    let text = repo.read(&format!("{GRAPHS}/code_graph.mmd"));
    // Edges in order: core/leak → ui/view (0, outward), ui/view → core/rules (1).
    assert_lines(
        &text,
        &[
            "app_core_leak_py --> app_ui_view_py",
            "app_ui_view_py --> app_core_rules_py",
            "subgraph \"Layer Model (top=highest)\"",
            "pactkit_layer_0[\"0: ui\"]",
            "pactkit_layer_1[\"1: core\"]",
            "linkStyle 0 stroke:red,stroke-width:2px",
        ],
    );
    refute_lines(&text, &["linkStyle 1 stroke:red,stroke-width:2px"]);
    // A broken glob is a configuration error naming the layer.
    repo.write(
        "pactkit.yaml",
        "visualize:\n  layers:\n    - name: ui\n      patterns: [\"app/[\"]\n",
    );
    let bad = repo.pactkit(&["visualize", "--mode", "file", "--layers"]);
    assert_code(&bad, 2);
    assert!(
        stderr(&bad).contains("visualize.layers[0] (ui): invalid pattern"),
        "{}",
        render(&bad)
    );
}

#[test]
fn focus_without_mode_writes_the_graphs_it_matches_and_skips_the_others() {
    let repo = python_shop();
    let out = repo.pactkit(&["visualize", "--focus", "cli"]);
    assert_code(&out, 0);
    let text = stdout(&out);
    for written in ["focus_file_graph", "focus_call_graph", "focus_module_graph"] {
        assert!(
            text.contains(&format!("wrote {GRAPHS}/{written}.mmd")),
            "{text}"
        );
    }
    assert!(
        text.contains(&format!(
            "skipped {GRAPHS}/focus_class_graph.mmd: the focus matches nothing in the class graph"
        )),
        "{text}"
    );
    check_all(&repo);
    // A class name finds the file that declares it, the class and its methods.
    let out = repo.pactkit(&["visualize", "--focus", "Item"]);
    assert_code(&out, 0);
    assert!(
        repo.read(&format!("{GRAPHS}/focus_file_graph.mmd"))
            .contains("src_shop_models_py")
    );
    assert!(
        repo.read(&format!("{GRAPHS}/focus_call_graph.mmd"))
            .contains("Item_validate")
    );
    // Matching nothing anywhere is an error that writes nothing.
    let before = repo.read(&format!("{GRAPHS}/focus_file_graph.mmd"));
    let none = repo.pactkit(&["visualize", "--focus", "nowhere_at_all"]);
    assert_code(&none, 2);
    assert!(
        stderr(&none).contains("matches nothing in any graph"),
        "{}",
        render(&none)
    );
    assert_eq!(repo.read(&format!("{GRAPHS}/focus_file_graph.mmd")), before);
}

#[test]
fn a_failing_run_leaves_the_graphs_as_they_were() {
    let repo = python_shop();
    assert_code(&repo.pactkit(&["visualize", "--lazy"]), 0);
    let before = repo.read(&format!("{GRAPHS}/code_graph.mmd"));
    let out = repo.pactkit(&[
        "visualize",
        "--mode",
        "file",
        "--mode",
        "call",
        "--entry",
        "nosuch",
        "--max-nodes",
        "1",
    ]);
    assert_code(&out, 2);
    assert_eq!(repo.read(&format!("{GRAPHS}/code_graph.mmd")), before);
    let lazy = repo.pactkit(&["visualize", "--lazy"]);
    assert!(
        stderr(&lazy).contains("graphs up to date"),
        "{}",
        render(&lazy)
    );
}

#[test]
fn entry_styling_stays_in_the_call_graph_and_the_cap_keeps_the_entry() {
    let repo = python_shop();
    assert_code(&repo.pactkit(&["visualize", "--entry", "main"]), 0);
    check_all(&repo);
    assert!(!repo.read(&format!("{GRAPHS}/code_graph.mmd")).contains('↑'));
    assert!(
        repo.read(&format!("{GRAPHS}/call_graph.mmd"))
            .contains("main[\"main [↑0")
    );
    let capped = graph(
        &repo,
        &["--mode", "call", "--entry", "Store.add", "--max-nodes", "1"],
        "call_graph.mmd",
    );
    assert!(capped.contains("Store_add[\"Store.add"), "{capped}");
}

#[test]
fn a_project_of_functions_gets_a_renderable_class_diagram() {
    let repo = TestRepo::new();
    repo.write(
        "main.py",
        "def _parent():\n    end()\n\ndef end():\n    pass\n\nclass o:\n    pass\n",
    )
    .write("tools.py", "def run():\n    pass\n");
    assert_code(&repo.pactkit(&["visualize"]), 0);
    check_all(&repo);
    let calls = repo.read(&format!("{GRAPHS}/call_graph.mmd"));
    assert_lines(&calls, &["_parent_ --> end_"]);
    let classes = repo.read(&format!("{GRAPHS}/class_graph.mmd"));
    assert!(classes.contains("class o_[\"o\"] {"), "{classes}");
    repo.write("main.py", "def f():\n    pass\n");
    assert_code(&repo.pactkit(&["visualize", "--mode", "class"]), 0);
    check_all(&repo);
    assert_lines(
        &repo.read(&format!("{GRAPHS}/class_graph.mmd")),
        &["note \"no classes\""],
    );
}

#[test]
fn a_stack_without_files_is_an_error_and_lazy_sees_resolver_settings() {
    let repo = TestRepo::new();
    copy_fixture(&repo, "ts");
    let out = repo.pactkit(&["visualize", "--stack", "go"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("--stack go: no go source files found"),
        "{}",
        render(&out)
    );
    assert_code(&repo.pactkit(&["visualize", "--lazy", "--mode", "file"]), 0);
    let idle = repo.pactkit(&["visualize", "--lazy", "--mode", "file"]);
    assert!(
        stderr(&idle).contains("graphs up to date"),
        "{}",
        render(&idle)
    );
    // tsconfig decides where `@/…` imports go: a change to it is a reason to redraw.
    let tsconfig = repo.read("tsconfig.json");
    repo.write("tsconfig.json", &format!("{tsconfig}\n"));
    let again = repo.pactkit(&["visualize", "--lazy", "--mode", "file"]);
    assert!(
        stdout(&again).contains("code_graph.mmd"),
        "{}",
        render(&again)
    );
}

#[test]
fn lazy_with_a_focus_that_skips_a_graph_is_idle_the_second_time() {
    let repo = python_shop();
    let first = repo.pactkit(&["visualize", "--lazy", "--focus", "cli"]);
    assert!(stdout(&first).contains("skipped"), "{}", render(&first));
    let second = repo.pactkit(&["visualize", "--lazy", "--focus", "cli"]);
    assert_code(&second, 0);
    assert!(
        stderr(&second).contains("graphs up to date"),
        "{}",
        render(&second)
    );
    std::fs::remove_file(repo.path(&format!("{GRAPHS}/focus_call_graph.mmd"))).expect("rm");
    let third = repo.pactkit(&["visualize", "--lazy", "--focus", "cli"]);
    assert!(stdout(&third).contains("wrote"), "{}", render(&third));
}

#[test]
fn a_skipped_file_named_with_escape_sequences_is_shown_escaped() {
    let repo = python_shop();
    repo.write("src/shop/big\u{1b}[31m.py", &"x = 1\n".repeat(200_000));
    let out = repo.pactkit(&["visualize", "--mode", "file"]);
    assert_code(&out, 0);
    assert!(!out.stderr.contains(&0x1b), "{}", render(&out));
    assert!(
        stderr(&out).contains("src/shop/big\\x1b[31m.py: skipped, larger than 1 MiB"),
        "{}",
        render(&out)
    );
}
