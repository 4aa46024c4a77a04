//! Python reader tests: import forms, classes and calls read from syntax trees, and the
//! resolver from module names to the project's files and packages.

use super::resolve::module_keys;
use super::*;
use crate::visualize::facts::ProjectIndex;
use crate::visualize::lang::common::testing::class;

fn import(target: &str, names: &[&str]) -> Import {
    Import {
        target: target.to_string(),
        names: names.iter().map(|n| n.to_string()).collect(),
    }
}

fn calls_of(facts: &FileFacts, qualname: &str) -> Vec<(String, CallVia)> {
    facts
        .functions
        .iter()
        .find(|f| f.qualname == qualname)
        .unwrap_or_else(|| panic!("no function {qualname} in {facts:#?}"))
        .calls
        .iter()
        .map(|c| (c.callee.clone(), c.via.clone()))
        .collect()
}

fn bare(name: &str) -> (String, CallVia) {
    (name.to_string(), CallVia::Bare)
}

fn via(name: &str, qualifier: &str) -> (String, CallVia) {
    (name.to_string(), CallVia::Qualified(qualifier.to_string()))
}

fn self_ref(name: &str) -> (String, CallVia) {
    (name.to_string(), CallVia::SelfRef)
}

fn qualnames(facts: &FileFacts) -> Vec<&str> {
    facts
        .functions
        .iter()
        .map(|f| f.qualname.as_str())
        .collect()
}

#[test]
fn plain_and_aliased_imports() {
    let facts = extract("import os\nimport a.b\nimport a.b as c, d\n");
    assert_eq!(
        facts.imports,
        vec![
            import("os", &[]),
            import("a.b", &[]),
            import("a.b", &[]),
            import("d", &[])
        ]
    );
}

#[test]
fn from_imports_keep_original_names() {
    let facts = extract("from a.b import c, d as e\nfrom x import (y,\n    z)\n");
    assert_eq!(
        facts.imports,
        vec![import("a.b", &["c", "d"]), import("x", &["y", "z"])]
    );
}

#[test]
fn relative_and_wildcard_imports() {
    let facts = extract("from . import x\nfrom ..pkg.mod import y\nfrom x import *\n");
    assert_eq!(
        facts.imports,
        vec![
            import(".", &["x"]),
            import("..pkg.mod", &["y"]),
            import("x", &["*"])
        ]
    );
}

#[test]
fn future_import_is_kept() {
    let facts = extract("from __future__ import annotations\n");
    assert_eq!(facts.imports, vec![import("__future__", &["annotations"])]);
}

#[test]
fn nested_imports_are_found() {
    let source = "def f():\n    import a\n    if x:\n        from b import c\ntry:\n    import d\nexcept ImportError:\n    pass\n";
    let targets: Vec<String> = extract(source)
        .imports
        .into_iter()
        .map(|i| i.target)
        .collect();
    assert_eq!(targets, vec!["a", "b", "d"]);
}

#[test]
fn bases_take_last_segment_and_skip_object_and_keywords() {
    let facts =
        extract("class A(object): pass\nclass B(pkg.mod.Base, Generic[T], metaclass=Meta): pass\n");
    assert!(class(&facts, "A").bases.is_empty());
    assert_eq!(class(&facts, "B").bases, vec!["Base", "Generic"]);
    assert_eq!(class(&facts, "B").kind, ClassKind::Class);
}

#[test]
fn methods_drop_self_and_keep_star_names() {
    let source = "class A:\n    def f(self, a, b: int = 1, *args, key, **kwargs): pass\n    @classmethod\n    def make(cls, x): pass\n    @staticmethod\n    def util(x, y): pass\n    def _hidden(self): pass\n    def __init__(self): pass\n    def __private(self): pass\n";
    let facts = extract(source);
    let methods = &class(&facts, "A").methods;
    let summary: Vec<(&str, Vec<&str>, bool)> = methods
        .iter()
        .map(|m| {
            (
                m.name.as_str(),
                m.params.iter().map(String::as_str).collect(),
                m.public,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("f", vec!["a", "b", "args", "key", "kwargs"], true),
            ("make", vec!["x"], true),
            ("util", vec!["x", "y"], true),
            ("_hidden", vec![], false),
            ("__init__", vec![], true),
            ("__private", vec![], false),
        ]
    );
}

#[test]
fn property_setter_does_not_repeat_the_method() {
    let source = "class A:\n    @property\n    def x(self): return 1\n    @x.setter\n    def x(self, v): pass\n";
    let facts = extract(source);
    assert_eq!(class(&facts, "A").methods.len(), 1);
    assert_eq!(qualnames(&facts), vec!["A.x"]);
}

#[test]
fn fields_from_self_assignments_and_annotations() {
    let source = "class A:\n    count: int\n    items: list[Item]\n    owner: Optional['Owner'] = None\n    def __init__(self, repo):\n        self.repo = repo\n        self.store = Store()\n        self.cache = caching.Cache(size=1)\n        self.log: Logger = make()\n        other.x = Ignored()\n";
    assert_eq!(
        class(&extract(source), "A").fields,
        vec![
            "int", "list", "Item", "Optional", "Owner", "Store", "Cache", "Logger", "make"
        ]
    );
}

#[test]
fn dataclass_fields_are_annotations() {
    let source = "@dataclass\nclass Order:\n    lines: list[Line] = field(default_factory=list)\n    customer: shop.Customer\n";
    assert_eq!(
        class(&extract(source), "Order").fields,
        vec!["list", "Line", "field", "Customer"]
    );
}

#[test]
fn nested_classes_are_listed_with_simple_names() {
    let source = "class Outer:\n    class Inner(Base):\n        def m(self):\n            self.n()\n    def o(self): pass\n";
    let facts = extract(source);
    assert_eq!(class(&facts, "Inner").bases, vec!["Base"]);
    assert_eq!(class(&facts, "Inner").methods[0].name, "m");
    assert_eq!(class(&facts, "Outer").methods[0].name, "o");
    assert_eq!(qualnames(&facts), vec!["Inner.m", "Outer.o"]);
    assert_eq!(calls_of(&facts, "Inner.m"), vec![self_ref("Inner.n")]);
}

#[test]
fn calls_of_each_kind() {
    let source = "class A(B):\n    def run(self):\n        helper()\n        self.step()\n        self.repo.save(x)\n        obj.m()\n        mod.f()\n        super().run()\n    @classmethod\n    def build(cls):\n        cls.run()\n";
    let facts = extract(source);
    assert_eq!(
        calls_of(&facts, "A.run"),
        vec![
            bare("helper"),
            self_ref("A.step"),
            via("save", "self.repo"),
            via("m", "obj"),
            via("f", "mod"),
            via("run", "super"),
        ]
    );
    assert_eq!(calls_of(&facts, "A.build"), vec![self_ref("A.run")]);
}

#[test]
fn nested_functions_and_lambdas_fold_into_the_enclosing_function() {
    let source =
        "def outer():\n    def inner():\n        a()\n    f = lambda: b()\n    return inner\n";
    let facts = extract(source);
    assert_eq!(qualnames(&facts), vec!["outer"]);
    assert_eq!(calls_of(&facts, "outer"), vec![bare("a"), bare("b")]);
}

#[test]
fn closures_in_methods_keep_self_references() {
    let source =
        "class A:\n    def m(self):\n        def cb():\n            self.n()\n        return cb\n";
    assert_eq!(calls_of(&extract(source), "A.m"), vec![self_ref("A.n")]);
}

#[test]
fn async_methods_and_decorated_nested_functions() {
    let source = "class A:\n    async def run(self):\n        await self.fetch()\n        @retry(times=3)\n        def attempt():\n            go()\n";
    let facts = extract(source);
    assert_eq!(qualnames(&facts), vec!["A.run"]);
    assert_eq!(
        calls_of(&facts, "A.run"),
        vec![self_ref("A.fetch"), bare("retry"), bare("go")]
    );
}

#[test]
fn string_annotations_name_their_types() {
    let source = "class A:\n    b: 'list[pkg.Bee]'\n    def __init__(self):\n        self.c: \"Optional[Sea]\" = None\n";
    assert_eq!(
        class(&extract(source), "A").fields,
        vec!["list", "Bee", "Optional", "Sea"]
    );
}

#[test]
fn long_receivers_are_cut() {
    let receiver = format!("x{}", ".step(ä)".repeat(40));
    let facts = extract(&format!("def f():\n    {receiver}.last()\n"));
    let (callee, via) = calls_of(&facts, "f")[0].clone();
    assert_eq!(callee, "last");
    let CallVia::Qualified(qualifier) = via else {
        panic!("not qualified: {via:?}");
    };
    assert!(qualifier.ends_with('…') && qualifier.len() <= MAX_QUALIFIER_LEN + 3);
    assert!(receiver.starts_with(qualifier.trim_end_matches('…')));
}

#[test]
fn module_level_calls_are_ignored() {
    let facts = extract("setup()\nclass A:\n    x = configure()\n");
    assert!(facts.functions.is_empty());
}

#[test]
fn trace_hints_add_bare_calls() {
    let source = "def dispatch(kind):\n    # pactkit-trace: dispatches_to on_a, on_b\n    return TABLE[kind]()\n";
    assert_eq!(
        calls_of(&extract(source), "dispatch"),
        vec![bare("on_a"), bare("on_b")]
    );
}

#[test]
fn trailing_trace_hint_belongs_to_the_function_above() {
    let source = "class A:\n    def f(self):\n        g()\n        # pactkit-trace: dispatches_to h\n\n    # pactkit-trace: dispatches_to not_f\n    def k(self): pass\n";
    let facts = extract(source);
    assert_eq!(calls_of(&facts, "A.f"), vec![bare("g"), bare("h")]);
    assert!(calls_of(&facts, "A.k").is_empty());
}

#[test]
fn other_comments_are_not_hints() {
    let source =
        "def f():\n    # pactkit-trace: dispatches_tox y\n    # dispatches_to z\n    pass\n";
    assert!(calls_of(&extract(source), "f").is_empty());
}

#[test]
fn empty_file_has_no_facts() {
    assert_eq!(extract(""), FileFacts::default());
}

#[test]
fn syntax_errors_give_partial_facts() {
    let source = "import ok\nclass A(:\n    def f(self)\n        g()\ndef h():\n    k()\n";
    let facts = extract(source);
    assert_eq!(facts.imports, vec![import("ok", &[])]);
    assert!(facts.functions.iter().any(|f| f.qualname == "h"));
}

#[test]
fn non_ascii_identifiers_and_strings() {
    let source = "class Größe(Basis):\n    def messen(self, länge):\n        print('→ ünïcode')\n        self.prüfen()\n";
    let facts = extract(source);
    assert_eq!(class(&facts, "Größe").bases, vec!["Basis"]);
    assert_eq!(class(&facts, "Größe").methods[0].params, vec!["länge"]);
    assert_eq!(
        calls_of(&facts, "Größe.messen"),
        vec![bare("print"), self_ref("Größe.prüfen")]
    );
}

fn index(files: &[&str]) -> ProjectIndex {
    ProjectIndex {
        files: files.iter().map(|f| f.to_string()).collect(),
        go_modules: Vec::new(),
    }
}

fn resolve(resolver: &Resolver, from: &str, target: &str, names: &[&str]) -> Vec<String> {
    resolver.resolve(from, &import(target, names))
}

#[test]
fn module_keys_cover_every_suffix() {
    assert_eq!(
        module_keys("src/pkg/mod.py"),
        vec![
            ("mod".to_string(), 7),
            ("pkg.mod".to_string(), 3),
            ("src.pkg.mod".to_string(), 0)
        ]
    );
    assert_eq!(
        module_keys("my-app/pkg/__init__.py"),
        vec![("pkg".to_string(), 6)]
    );
}

#[test]
fn resolves_src_layout_and_packages() {
    let resolver = Resolver::new(&index(&[
        "src/shop/__init__.py",
        "src/shop/models.py",
        "src/shop/service.py",
        "tests/test_service.py",
    ]));
    assert_eq!(
        resolve(&resolver, "tests/test_service.py", "shop.service", &[]),
        vec!["src/shop/service.py"]
    );
    assert_eq!(
        resolve(
            &resolver,
            "src/shop/service.py",
            "shop",
            &["models", "Thing"]
        ),
        vec!["src/shop/__init__.py", "src/shop/models.py"]
    );
    assert_eq!(
        resolve(&resolver, "src/shop/service.py", "shop.models", &["Order"]),
        vec!["src/shop/models.py"]
    );
}

#[test]
fn falls_back_to_the_longest_resolvable_prefix() {
    let resolver = Resolver::new(&index(&["app/__init__.py", "app/core.py", "main.py"]));
    assert_eq!(
        resolve(&resolver, "main.py", "app.core.missing", &[]),
        vec!["app/core.py"]
    );
    assert_eq!(
        resolve(&resolver, "main.py", "app.nothing", &[]),
        vec!["app/__init__.py"]
    );
}

#[test]
fn third_party_and_stdlib_resolve_to_nothing() {
    let resolver = Resolver::new(&index(&["app/core.py"]));
    assert!(resolve(&resolver, "app/core.py", "requests", &[]).is_empty());
    assert!(resolve(&resolver, "app/core.py", "os.path", &["join"]).is_empty());
}

#[test]
fn prefers_the_importers_directory_then_the_shortest_path() {
    let resolver = Resolver::new(&index(&[
        "a/util.py",
        "b/util.py",
        "b/main.py",
        "c/deep/er/util.py",
        "c/main.py",
        "util.py",
    ]));
    assert_eq!(
        resolve(&resolver, "b/main.py", "util", &[]),
        vec!["b/util.py"]
    );
    assert_eq!(
        resolve(&resolver, "c/main.py", "util", &[]),
        vec!["util.py"]
    );
}

#[test]
fn prefers_the_package_rooted_above_the_importer() {
    let resolver = Resolver::new(&index(&[
        "services/a/app/models.py",
        "services/b/app/models.py",
        "services/b/app/api/views.py",
    ]));
    assert_eq!(
        resolve(
            &resolver,
            "services/b/app/api/views.py",
            "app.models",
            &["X"]
        ),
        vec!["services/b/app/models.py"]
    );
}

#[test]
fn prefers_py_over_pyi_and_never_returns_the_importer() {
    let resolver = Resolver::new(&index(&["pkg/x.py", "pkg/x.pyi", "pkg/logging.py"]));
    assert_eq!(resolve(&resolver, "pkg/y.py", "x", &[]), vec!["pkg/x.py"]);
    assert!(resolve(&resolver, "pkg/logging.py", "logging", &[]).is_empty());
}

#[test]
fn resolves_relative_imports() {
    let resolver = Resolver::new(&index(&[
        "pkg/__init__.py",
        "pkg/a.py",
        "pkg/b.py",
        "pkg/sub/__init__.py",
        "pkg/sub/c.py",
        "pkg/sub/d/__init__.py",
    ]));
    assert_eq!(
        resolve(&resolver, "pkg/sub/c.py", ".", &["d"]),
        vec!["pkg/sub/d/__init__.py"]
    );
    assert_eq!(
        resolve(&resolver, "pkg/sub/c.py", "..a", &["f"]),
        vec!["pkg/a.py"]
    );
    assert_eq!(
        resolve(&resolver, "pkg/sub/c.py", "..", &["a", "b", "name"]),
        vec!["pkg/__init__.py", "pkg/a.py", "pkg/b.py"]
    );
    assert_eq!(
        resolve(&resolver, "pkg/a.py", ".b", &["*"]),
        vec!["pkg/b.py"]
    );
    assert!(resolve(&resolver, "pkg/a.py", "....", &["x"]).is_empty());
    assert!(resolve(&resolver, "pkg/__init__.py", ".", &["helper"]).is_empty());
}
