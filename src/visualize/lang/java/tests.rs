//! Java reader tests: imports, classes, fields and calls read from syntax trees, and the
//! resolver from imports to the project's classes and packages.

use super::*;
use crate::visualize::lang::common::testing::{calls, class};

fn qualnames(facts: &FileFacts) -> Vec<&str> {
    facts
        .functions
        .iter()
        .map(|function| function.qualname.as_str())
        .collect()
}

fn bare(callee: &str) -> Call {
    Call {
        callee: callee.to_string(),
        via: CallVia::Bare,
    }
}

fn self_ref(callee: &str) -> Call {
    self_call(
        callee.split('.').next().unwrap_or_default(),
        callee.split('.').nth(1).unwrap_or_default(),
    )
}

fn qualified(qualifier: &str, callee: &str) -> Call {
    qualified_call(callee, qualifier)
}

fn method(name: &str, params: &[&str], public: bool) -> Method {
    Method {
        name: name.to_string(),
        params: params.iter().map(|param| param.to_string()).collect(),
        public,
    }
}

#[test]
fn every_import_form_gives_its_qualified_name() {
    let source = "package p;\nimport a.b.C;\nimport a.b.*;\nimport static a.b.C.m;\nimport static a.b.C.*;\nimport  a . b . D ;\n";
    let targets: Vec<_> = extract(source)
        .imports
        .into_iter()
        .map(|import| import.target)
        .collect();
    assert_eq!(targets, ["a.b.C", "a.b.*", "a.b.C.m", "a.b.C.*", "a.b.D"]);
}

#[test]
fn class_bases_are_the_superclass_and_interfaces_without_generics() {
    let source =
        "class Foo<T> extends Bar<T> implements Baz, q.Qux<String>, java.io.Serializable {}";
    let facts = extract(source);
    let foo = class(&facts, "Foo");
    assert_eq!(foo.kind, ClassKind::Class);
    assert_eq!(foo.bases, ["Bar", "Baz", "Qux", "Serializable"]);
}

#[test]
fn interfaces_extend_interfaces() {
    let facts =
        extract("public interface Repo<T> extends Reader<T>, a.Writer { void save(T item); }");
    let repo = class(&facts, "Repo");
    assert_eq!(repo.kind, ClassKind::Interface);
    assert_eq!(repo.bases, ["Reader", "Writer"]);
    assert_eq!(repo.methods, [method("save", &["item"], true)]);
}

#[test]
fn enums_implement_interfaces_and_keep_their_members() {
    let source = "enum Color implements Named, Comparable<Color> { RED, GREEN; private Palette palette; String display() { return name(); } }";
    let facts = extract(source);
    let color = class(&facts, "Color");
    assert_eq!(color.kind, ClassKind::Enum);
    assert_eq!(color.bases, ["Named", "Comparable"]);
    assert_eq!(color.fields, ["Palette"]);
    assert_eq!(color.methods, [method("display", &[], true)]);
}

#[test]
fn records_hold_their_component_types() {
    let source =
        "record Line(String sku, int qty, List<Tag> tags, Money price) implements Priced { }";
    let facts = extract(source);
    let line = class(&facts, "Line");
    assert_eq!(line.kind, ClassKind::Class);
    assert_eq!(line.bases, ["Priced"]);
    assert_eq!(line.fields, ["String", "List", "Tag", "Money"]);
}

#[test]
fn compact_record_constructors_take_the_components() {
    let source = "record Range(int low, int high) { Range { check(low, high); } static void check(int a, int b) {} }";
    let facts = extract(source);
    assert_eq!(
        class(&facts, "Range").methods,
        [
            method("Range", &["low", "high"], true),
            method("check", &["a", "b"], true)
        ]
    );
    assert_eq!(calls(&facts, "Range.Range"), [self_ref("Range.check")]);
}

#[test]
fn annotation_types_are_skipped() {
    let facts = extract("@interface Marker { String value(); }\nclass After {}");
    let names: Vec<_> = facts
        .classes
        .iter()
        .map(|class| class.name.as_str())
        .collect();
    assert_eq!(names, ["After"]);
    assert!(facts.functions.is_empty());
}

#[test]
fn field_types_include_type_arguments_and_array_elements() {
    let source = "class S<T> { private List<Order>[] orders; Map<String, Item> items; int[][] grid; a.b.Remote remote; Box<? extends Part> box; T value; Map.Entry<K2, V2> entry; static final int LIMIT = 3; }";
    assert_eq!(
        class(&extract(source), "S").fields,
        [
            "List", "Order", "Map", "String", "Item", "Remote", "Box", "Part", "Entry", "K2", "V2"
        ]
    );
}

#[test]
fn type_variables_of_enclosing_types_are_not_fields() {
    let source =
        "class Tree<K, V> { Node root; class Node { K key; V value; Node left; Leaf<K> leaf; } }";
    let facts = extract(source);
    assert_eq!(class(&facts, "Tree").fields, ["Node"]);
    assert_eq!(class(&facts, "Node").fields, ["Node", "Leaf"]);
}

#[test]
fn interface_constants_count_as_fields() {
    let source = "interface Defaults { Timeout TIMEOUT = new Timeout(5); }";
    assert_eq!(class(&extract(source), "Defaults").fields, ["Timeout"]);
}

#[test]
fn method_visibility_follows_the_modifiers() {
    let source = "class V { public void a() {} void b() {} protected void c() {} private void d() {} @Override public final void e() {} private static void f() {} }";
    let facts = extract(source);
    let visibility: Vec<_> = class(&facts, "V")
        .methods
        .iter()
        .map(|method| (method.name.as_str(), method.public))
        .collect();
    assert_eq!(
        visibility,
        [
            ("a", true),
            ("b", true),
            ("c", false),
            ("d", false),
            ("e", true),
            ("f", false)
        ]
    );
}

#[test]
fn parameters_skip_types_varargs_dots_and_the_receiver_parameter() {
    let source = "class P { void m(@Ann final Map<K, V> map, int[] xs, String... rest) {} void r(P this, int x) {} }";
    let facts = extract(source);
    assert_eq!(
        class(&facts, "P").methods,
        [
            method("m", &["map", "xs", "rest"], true),
            method("r", &["x"], true)
        ]
    );
}

#[test]
fn constructors_are_methods_named_like_the_class() {
    let source = "class Shop { private Shop() { this(1); } Shop(int n) { super(); init(); } void init() {} }";
    let facts = extract(source);
    assert_eq!(
        class(&facts, "Shop").methods,
        [
            method("Shop", &[], false),
            method("Shop", &["n"], true),
            method("init", &[], true)
        ]
    );
    assert_eq!(qualnames(&facts), ["Shop.Shop", "Shop.Shop", "Shop.init"]);
    assert_eq!(
        calls(&facts, "Shop.Shop"),
        [] as [Call; 0],
        "this(..) and super(..) are not calls"
    );
    assert_eq!(facts.functions[1].calls, [self_ref("Shop.init")]);
}

#[test]
fn nested_classes_are_listed_by_simple_name_with_their_own_methods() {
    let source = "class Outer { void a() {} static class Inner extends Base { void b() {} } interface Api { void c(); } void d() {} }";
    let facts = extract(source);
    let names: Vec<_> = facts
        .classes
        .iter()
        .map(|class| class.name.as_str())
        .collect();
    assert_eq!(names, ["Outer", "Inner", "Api"]);
    assert_eq!(class(&facts, "Inner").bases, ["Base"]);
    assert_eq!(
        class(&facts, "Outer").methods,
        [method("a", &[], true), method("d", &[], true)]
    );
    assert_eq!(
        qualnames(&facts),
        ["Outer.a", "Inner.b", "Api.c", "Outer.d"]
    );
}

#[test]
fn bare_calls_are_self_calls_only_for_methods_declared_here() {
    let source = "class A { void run() { helper(); inherited(); } private void helper() {} }";
    assert_eq!(
        calls(&extract(source), "A.run"),
        [self_ref("A.helper"), bare("inherited")]
    );
}

#[test]
fn inner_classes_see_the_methods_of_enclosing_classes() {
    let source = "class Outer { void shared() {} void outerOnly() {} class Inner { void shared() {} void go() { shared(); outerOnly(); Outer.this.shared(); this.shared(); } } }";
    assert_eq!(
        calls(&extract(source), "Inner.go"),
        [
            self_ref("Inner.shared"),
            self_ref("Outer.outerOnly"),
            self_ref("Outer.shared"),
            self_ref("Inner.shared"),
        ]
    );
}

#[test]
fn qualified_calls_keep_the_object_text() {
    let source = "class C { void m() { this.n(); super.n(); obj.n(); Type.s(); a.b.c(); Collections.<T>empty(); x\n   .y()\n   .z(); } }";
    assert_eq!(
        calls(&extract(source), "C.m"),
        [
            self_ref("C.n"),
            qualified("super", "n"),
            qualified("obj", "n"),
            qualified("Type", "s"),
            qualified("a.b", "c"),
            qualified("Collections", "empty"),
            qualified("x", "y"),
            qualified("x.y()", "z"),
        ]
    );
}

#[test]
fn object_creation_is_not_a_call_but_its_arguments_are_read() {
    let source = "class C { void m() { new Widget(make()); new int[size()]; } }";
    assert_eq!(calls(&extract(source), "C.m"), [bare("make"), bare("size")]);
}

#[test]
fn lambdas_and_anonymous_classes_fold_into_the_method() {
    let source = "class C { void m() { list.forEach(x -> handle(x)); Runnable r = new Runnable() { public void run() { tick(); } }; } void handle(Object o) {} }";
    let facts = extract(source);
    assert_eq!(qualnames(&facts), ["C.m", "C.handle"]);
    assert_eq!(
        calls(&facts, "C.m"),
        [
            qualified("list", "forEach"),
            self_ref("C.handle"),
            bare("tick")
        ]
    );
    assert_eq!(
        class(&facts, "C").methods.len(),
        2,
        "the anonymous run() is not C's"
    );
}

#[test]
fn local_classes_are_types_of_their_own() {
    let source = "class C { void m() { class Local { void l() { m(); } } before(); } }";
    let facts = extract(source);
    assert_eq!(qualnames(&facts), ["C.m", "Local.l"]);
    assert_eq!(calls(&facts, "C.m"), [bare("before")]);
    assert_eq!(calls(&facts, "Local.l"), [self_ref("C.m")]);
    assert_eq!(class(&facts, "Local").methods, [method("l", &[], true)]);
}

#[test]
fn calls_outside_methods_are_ignored() {
    let source =
        "class C { static final Log LOG = Log.get(); static { init(); } int x = compute(); }";
    let facts = extract(source);
    assert!(facts.functions.is_empty(), "{:?}", facts.functions);
    assert_eq!(class(&facts, "C").fields, ["Log"]);
}

#[test]
fn abstract_and_interface_methods_are_functions_without_calls() {
    let facts = extract(
        "abstract class A { abstract void a(); } interface I { void i(); default void d() { i(); } }",
    );
    assert_eq!(qualnames(&facts), ["A.a", "I.i", "I.d"]);
    assert_eq!(calls(&facts, "I.d"), [self_ref("I.i")]);
}

#[test]
fn an_empty_file_has_no_facts() {
    assert_eq!(extract(""), FileFacts::default());
    assert_eq!(extract("package a.b;\n"), FileFacts::default());
}

#[test]
fn a_broken_file_still_yields_what_parses() {
    let source = "import a.b.C;\nclass Ok { Part part; void m( { x(); }\n void n() { y(); } }";
    let facts = extract(source);
    assert_eq!(facts.imports.len(), 1);
    assert_eq!(class(&facts, "Ok").fields, ["Part"]);
    assert!(
        facts
            .functions
            .iter()
            .any(|function| function.qualname == "Ok.n")
    );
}

#[test]
fn non_ascii_identifiers_and_strings_survive() {
    let source = "class Größe extends Maß { Ärger ärger; void prüfe() { ändere(\"ü→✓\"); } void ändere(String s) {} }";
    let facts = extract(source);
    let class = class(&facts, "Größe");
    assert_eq!(class.bases, ["Maß"]);
    assert_eq!(class.fields, ["Ärger"]);
    assert_eq!(calls(&facts, "Größe.prüfe"), [self_ref("Größe.ändere")]);
}

fn import(target: &str) -> Import {
    Import {
        target: target.to_string(),
        names: Vec::new(),
    }
}

fn resolver() -> Resolver {
    let files = [
        "src/main/java/com/acme/App.java",
        "src/main/java/com/acme/model/User.java",
        "src/main/java/com/acme/model/Order.java",
        "src/main/java/com/acme/model/sub/Deep.java",
        "src/main/java/com/acme/model/notes.txt",
        "src/main/java/com/acme/util/Strings.java",
        "lib/src/com/acme/util/Strings.java",
        "com/top/Root.java",
        "src/main/java/util.java",
    ];
    Resolver::new(&ProjectIndex {
        files: files.iter().map(|file| file.to_string()).collect(),
        go_modules: Vec::new(),
    })
}

const FROM: &str = "src/main/java/com/acme/App.java";

#[test]
fn a_class_import_resolves_by_path_suffix() {
    assert_eq!(
        resolver().resolve(FROM, &import("com.acme.model.User")),
        ["src/main/java/com/acme/model/User.java"]
    );
}

#[test]
fn a_file_at_the_root_matches_the_whole_path() {
    assert_eq!(
        resolver().resolve(FROM, &import("com.top.Root")),
        ["com/top/Root.java"]
    );
}

#[test]
fn suffixes_match_whole_segments_only() {
    assert!(
        resolver()
            .resolve(FROM, &import("acme.model.Use"))
            .is_empty()
    );
    assert!(
        resolver()
            .resolve(FROM, &import("cme.model.User"))
            .is_empty()
    );
}

#[test]
fn ambiguous_classes_resolve_to_every_candidate() {
    assert_eq!(
        resolver().resolve(FROM, &import("com.acme.util.Strings")),
        [
            "lib/src/com/acme/util/Strings.java",
            "src/main/java/com/acme/util/Strings.java"
        ]
    );
}

#[test]
fn a_wildcard_resolves_to_the_package_files_only() {
    assert_eq!(
        resolver().resolve(FROM, &import("com.acme.model.*")),
        [
            "src/main/java/com/acme/model/Order.java",
            "src/main/java/com/acme/model/User.java"
        ]
    );
}

#[test]
fn static_imports_resolve_to_their_class() {
    let resolver = resolver();
    let user = ["src/main/java/com/acme/model/User.java"];
    assert_eq!(
        resolver.resolve(FROM, &import("com.acme.model.User.find")),
        user
    );
    assert_eq!(
        resolver.resolve(FROM, &import("com.acme.model.User.*")),
        user
    );
}

#[test]
fn nested_class_imports_fall_back_to_the_outer_class() {
    assert_eq!(
        resolver().resolve(FROM, &import("com.acme.model.Order.Line.Kind")),
        ["src/main/java/com/acme/model/Order.java"]
    );
}

#[test]
fn fallbacks_never_land_on_a_lower_case_package_name() {
    // `java.util.List` must not fall back to `src/main/java/util.java`.
    assert!(
        resolver()
            .resolve(FROM, &import("java.util.List"))
            .is_empty()
    );
    assert!(resolver().resolve(FROM, &import("java.util.*")).is_empty());
}

#[test]
fn jdk_and_third_party_imports_resolve_to_nothing() {
    let resolver = resolver();
    for target in [
        "java.util.Map",
        "org.junit.Test",
        "org.junit.*",
        "Single",
        "",
        "*",
    ] {
        assert!(
            resolver.resolve(FROM, &import(target)).is_empty(),
            "{target}"
        );
    }
}

#[test]
fn the_importing_file_is_never_a_target() {
    let from = "src/main/java/com/acme/model/User.java";
    assert_eq!(
        resolver().resolve(from, &import("com.acme.model.*")),
        ["src/main/java/com/acme/model/Order.java"]
    );
    assert!(
        resolver()
            .resolve(from, &import("com.acme.model.User"))
            .is_empty()
    );
}
