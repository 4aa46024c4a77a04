//! Rust reader tests: `use` and `mod` forms, types, impls and calls read from syntax trees,
//! and the resolver from paths to the crate's module files.

use super::*;
use crate::visualize::facts::ProjectIndex;
use crate::visualize::lang::common::testing::class;

fn targets(facts: &FileFacts) -> Vec<(String, Vec<String>)> {
    facts
        .imports
        .iter()
        .map(|i| (i.target.clone(), i.names.clone()))
        .collect()
}

fn whole(target: &str) -> (String, Vec<String>) {
    (target.to_string(), Vec::new())
}

fn glob(target: &str) -> (String, Vec<String>) {
    (target.to_string(), vec!["*".to_string()])
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

fn qualnames(facts: &FileFacts) -> Vec<&str> {
    facts
        .functions
        .iter()
        .map(|f| f.qualname.as_str())
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

#[test]
fn simple_use_paths() {
    let facts = extract(
        "use crate::a::b::C;\nuse super::x;\nuse self::y::Z;\npub use std::fmt as f;\npub(crate) use ::ext::T;\n",
    );
    assert_eq!(
        targets(&facts),
        vec![
            whole("crate::a::b::C"),
            whole("super::x"),
            whole("self::y::Z"),
            whole("std::fmt"),
            whole("::ext::T")
        ]
    );
}

#[test]
fn use_groups_expand_to_one_import_per_leaf() {
    let facts = extract("use a::{b, c::d, self, e::{f, g as h}, i::*};\nuse {j, k};\n");
    assert_eq!(
        targets(&facts),
        vec![
            whole("a::b"),
            whole("a::c::d"),
            whole("a"),
            whole("a::e::f"),
            whole("a::e::g"),
            glob("a::i"),
            whole("j"),
            whole("k")
        ]
    );
}

#[test]
fn globs_and_extern_crates() {
    let facts = extract("extern crate serde;\nuse crate::a::*;\nuse super::*;\n");
    assert_eq!(targets(&facts), vec![glob("crate::a"), glob("super")]);
}

#[test]
fn mod_declarations_and_inline_modules() {
    let source = "mod store;\npub mod api;\nmod inner {\n    use crate::store::Db;\n    mod deeper;\n    fn helper() {}\n}\n#[cfg(test)]\nmod tests {\n    use super::*;\n    use super::super::up;\n    use self::fake::F;\n}\n";
    let facts = extract(source);
    assert_eq!(
        targets(&facts),
        vec![
            whole("mod:store"),
            whole("mod:api"),
            whole("crate::store::Db"),
            whole("mod:inner::deeper"),
            glob("self"),
            whole("super::up"),
            whole("self::tests::fake::F")
        ]
    );
    assert_eq!(qualnames(&facts), vec!["helper"]);
}

#[test]
fn structs_hold_field_types_with_generic_arguments() {
    let source = "pub struct Tree<T> {\n    root: Option<Box<Node>>,\n    pub(crate) nodes: Vec<store::Node>,\n    handler: Box<dyn Handler<Item = Event>>,\n    count: usize,\n}\nstruct Pair(pub Left, Right);\nstruct Unit;\n";
    let facts = extract(source);
    let tree = class(&facts, "Tree");
    assert_eq!(tree.kind, ClassKind::Struct);
    assert_eq!(
        tree.fields,
        vec!["Option", "Box", "Node", "Vec", "Handler", "Event"]
    );
    assert_eq!(class(&facts, "Pair").fields, vec!["Left", "Right"]);
    assert!(class(&facts, "Unit").fields.is_empty());
}

#[test]
fn enums_hold_variant_payload_types() {
    let source = "enum Shape { Circle(Circle), Rect { size: Size, color: Color }, Empty = 3 }\n";
    let facts = extract(source);
    assert_eq!(class(&facts, "Shape").kind, ClassKind::Enum);
    assert_eq!(
        class(&facts, "Shape").fields,
        vec!["Circle", "Size", "Color"]
    );
}

#[test]
fn traits_have_supertraits_and_methods() {
    let source = "pub trait Repo: Store + fmt::Debug + Into<u8> + ?Sized + 'static {\n    fn get(&self, id: u32) -> Item;\n    fn all(&self) -> Vec<Item> { self.get(0); Self::none(); vec![] }\n}\n";
    let facts = extract(source);
    let repo = class(&facts, "Repo");
    assert_eq!(repo.kind, ClassKind::Trait);
    assert_eq!(repo.bases, vec!["Store", "Debug", "Into"]);
    let methods: Vec<(&str, bool)> = repo
        .methods
        .iter()
        .map(|m| (m.name.as_str(), m.public))
        .collect();
    assert_eq!(methods, vec![("get", true), ("all", true)]);
    assert_eq!(repo.methods[0].params, vec!["id"]);
    assert_eq!(qualnames(&facts), vec!["Repo.all"]);
    assert_eq!(
        calls_of(&facts, "Repo.all"),
        vec![self_ref("Repo.get"), self_ref("Repo.none")]
    );
}

#[test]
fn impls_add_methods_and_implemented_traits() {
    let source = "struct Db { conn: Conn }\nimpl Db {\n    pub fn open(path: &str, mut retries: u8) -> Self { Db::connect(path) }\n    fn connect(_: &str) -> Self { todo!() }\n    pub(crate) fn close(self) {}\n}\nimpl fmt::Display for Db { fn fmt(&self, f: &mut Formatter) -> Result { Ok(()) } }\nimpl<T> From<T> for Db { fn from(t: T) -> Self { Db::open(\"\", 0) } }\n";
    let facts = extract(source);
    let db = class(&facts, "Db");
    assert_eq!(facts.classes.len(), 1);
    assert_eq!(db.bases, vec!["Display", "From"]);
    assert_eq!(db.fields, vec!["Conn"]);
    let methods: Vec<(&str, Vec<&str>, bool)> = db
        .methods
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
        methods,
        vec![
            ("open", vec!["path", "retries"], true),
            ("connect", vec!["_"], false),
            ("close", vec![], true),
            ("fmt", vec!["f"], true),
            ("from", vec!["t"], true),
        ]
    );
    assert_eq!(
        qualnames(&facts),
        vec!["Db.open", "Db.connect", "Db.close", "Db.fmt", "Db.from"]
    );
}

#[test]
fn impl_of_a_type_declared_elsewhere_still_yields_a_struct() {
    let source = "impl Handler for store::Cache<u8> { fn handle(&self) {} }\nimpl<T: Handler> Logged for T { fn log(&self) { Self::handle(self); } }\n";
    let facts = extract(source);
    assert_eq!(facts.classes.len(), 1);
    let cache = class(&facts, "Cache");
    assert_eq!(cache.kind, ClassKind::Struct);
    assert_eq!(cache.bases, vec!["Handler"]);
    assert_eq!(cache.methods[0].name, "handle");
    assert_eq!(qualnames(&facts), vec!["Cache.handle", "Logged.log"]);
    assert_eq!(
        calls_of(&facts, "Logged.log"),
        vec![self_ref("Logged.handle")]
    );
}

#[test]
fn impl_before_declaration_merges_into_one_entry() {
    let facts = extract("impl S { fn f() {} }\nenum S { A }\n");
    assert_eq!(facts.classes.len(), 1);
    assert_eq!(facts.classes[0].kind, ClassKind::Enum);
    assert_eq!(facts.classes[0].methods[0].name, "f");
}

#[test]
fn calls_of_each_kind() {
    let source = "impl Svc {\n    fn run(&self) {\n        helper();\n        a::b::f();\n        Type::make();\n        Vec::<u8>::new();\n        Self::step();\n        self.check();\n        self.repo.save(1);\n        x.m::<u8>();\n        parse::<u8>();\n        println!(\"{}\", hidden());\n    }\n}\n";
    assert_eq!(
        calls_of(&extract(source), "Svc.run"),
        vec![
            bare("helper"),
            via("f", "a::b"),
            via("make", "Type"),
            via("new", "Vec"),
            self_ref("Svc.step"),
            self_ref("Svc.check"),
            via("save", "self.repo"),
            via("m", "x"),
            bare("parse"),
        ]
    );
}

#[test]
fn closures_and_nested_fns_fold_into_the_enclosing_function() {
    let source = "fn outer() {\n    let f = |x| inner_call(x);\n    fn nested() { deep(); }\n    struct Local;\n    f(1);\n}\nfn other() {}\n";
    let facts = extract(source);
    assert_eq!(qualnames(&facts), vec!["outer", "other"]);
    assert_eq!(
        calls_of(&facts, "outer"),
        vec![bare("inner_call"), bare("deep"), bare("f")]
    );
    assert!(facts.classes.is_empty());
}

#[test]
fn items_inside_function_bodies_only_contribute_calls() {
    let source = "impl Outer {\n    fn run(&self) {\n        trait Local { fn sig(&self); }\n        impl Local for u8 { fn sig(&self) { inner(); } }\n        self.go();\n    }\n}\n";
    let facts = extract(source);
    assert_eq!(facts.classes.len(), 1);
    assert_eq!(class(&facts, "Outer").methods.len(), 1);
    assert_eq!(qualnames(&facts), vec!["Outer.run"]);
    assert_eq!(
        calls_of(&facts, "Outer.run"),
        vec![bare("inner"), self_ref("Outer.go")]
    );
}

#[test]
fn top_level_initialisers_are_not_calls() {
    let facts = extract("static X: Lazy<u8> = Lazy::new(make);\nconst Y: u8 = f();\n");
    assert!(facts.functions.is_empty());
}

#[test]
fn multi_line_receivers_are_squeezed() {
    let source = "fn f() {\n    builder\n        .step()\n        .finish();\n}\n";
    assert_eq!(
        calls_of(&extract(source), "f"),
        vec![via("finish", "builder.step()"), via("step", "builder")]
    );
}

#[test]
fn long_receivers_are_cut() {
    let receiver = format!("x{}", ".step(ä)".repeat(40));
    let facts = extract(&format!("fn f() {{ {receiver}.last(); }}"));
    let (callee, via) = calls_of(&facts, "f")[0].clone();
    assert_eq!(callee, "last");
    let CallVia::Qualified(qualifier) = via else {
        panic!("not qualified: {via:?}");
    };
    assert!(qualifier.ends_with('…') && qualifier.len() <= MAX_QUALIFIER_LEN + 3);
    assert!(receiver.starts_with(qualifier.trim_end_matches('…')));
}

#[test]
fn empty_file_has_no_facts() {
    assert_eq!(extract(""), FileFacts::default());
}

#[test]
fn syntax_errors_give_partial_facts() {
    let source = "use crate::ok;\nstruct Broken { a: , b: B }\nfn bad( { let x = ; }\nfn good() { call(); }\n";
    let facts = extract(source);
    assert_eq!(targets(&facts), vec![whole("crate::ok")]);
    assert_eq!(class(&facts, "Broken").fields, vec!["B"]);
    assert_eq!(calls_of(&facts, "good"), vec![bare("call")]);
}

#[test]
fn non_ascii_identifiers_and_strings() {
    let source = "struct Größe { wert: Maß }\nimpl Größe { pub fn messen(&self, länge: f64) { self.prüfen(\"→ ü\"); } }\n";
    let facts = extract(source);
    assert_eq!(class(&facts, "Größe").fields, vec!["Maß"]);
    assert_eq!(class(&facts, "Größe").methods[0].params, vec!["länge"]);
    assert_eq!(
        calls_of(&facts, "Größe.messen"),
        vec![self_ref("Größe.prüfen")]
    );
}

#[test]
fn anchoring_relative_paths_in_inline_modules() {
    let inline = vec!["a".to_string(), "b".to_string()];
    assert_eq!(anchor_to_file("super::x", &inline), "self::a::x");
    assert_eq!(anchor_to_file("super::super::x", &inline), "self::x");
    assert_eq!(
        anchor_to_file("super::super::super::x", &inline),
        "super::x"
    );
    assert_eq!(anchor_to_file("self::x", &inline), "self::a::b::x");
    assert_eq!(anchor_to_file("crate::x", &inline), "crate::x");
    assert_eq!(anchor_to_file("super::x", &[]), "super::x");
}

fn index(files: &[&str]) -> ProjectIndex {
    ProjectIndex {
        files: files.iter().map(|f| f.to_string()).collect(),
        go_modules: Vec::new(),
    }
}

fn resolve(resolver: &Resolver, from: &str, target: &str) -> Vec<String> {
    let import = Import {
        target: target.to_string(),
        names: Vec::new(),
    };
    resolver.resolve(from, &import)
}

fn app() -> Resolver {
    Resolver::new(&index(&[
        "app/src/main.rs",
        "app/src/lib.rs",
        "app/src/store.rs",
        "app/src/store/cache.rs",
        "app/src/api/mod.rs",
        "app/src/api/routes.rs",
        "app/src/bin/tool.rs",
        "app/src/bin/helpers.rs",
        "app/src/bin/tool/extra.rs",
        "app/tests/it.rs",
        "app/tests/common/mod.rs",
        "loose/script.rs",
    ]))
}

#[test]
fn crate_paths_resolve_to_the_longest_module_prefix() {
    let r = app();
    let from = "app/src/api/routes.rs";
    assert_eq!(
        resolve(&r, from, "crate::store::cache::Cache"),
        vec!["app/src/store/cache.rs"]
    );
    assert_eq!(
        resolve(&r, from, "crate::store::Db"),
        vec!["app/src/store.rs"]
    );
    assert_eq!(resolve(&r, from, "crate::api"), vec!["app/src/api/mod.rs"]);
    assert_eq!(resolve(&r, from, "crate::Config"), vec!["app/src/lib.rs"]);
    assert!(resolve(&r, "app/src/lib.rs", "crate::Config").is_empty());
}

#[test]
fn super_and_self_are_relative_to_the_importing_module() {
    let r = app();
    assert_eq!(
        resolve(&r, "app/src/api/routes.rs", "super::Api"),
        vec!["app/src/api/mod.rs"]
    );
    assert_eq!(
        resolve(&r, "app/src/api/routes.rs", "super::super::store::Db"),
        vec!["app/src/store.rs"]
    );
    assert_eq!(
        resolve(&r, "app/src/api/mod.rs", "self::routes::get"),
        vec!["app/src/api/routes.rs"]
    );
    assert_eq!(
        resolve(&r, "app/src/store/cache.rs", "super::Db"),
        vec!["app/src/store.rs"]
    );
    assert!(resolve(&r, "app/src/store.rs", "super::super::x").is_empty());
    assert!(resolve(&r, "app/src/store.rs", "self").is_empty());
}

#[test]
fn mod_declarations_find_child_files() {
    let r = app();
    assert_eq!(
        resolve(&r, "app/src/main.rs", "mod:store"),
        vec!["app/src/store.rs"]
    );
    assert_eq!(
        resolve(&r, "app/src/lib.rs", "mod:api"),
        vec!["app/src/api/mod.rs"]
    );
    assert_eq!(
        resolve(&r, "app/src/store.rs", "mod:cache"),
        vec!["app/src/store/cache.rs"]
    );
    assert_eq!(
        resolve(&r, "app/src/api/mod.rs", "mod:routes"),
        vec!["app/src/api/routes.rs"]
    );
    assert_eq!(
        resolve(&r, "app/src/lib.rs", "mod:store::cache"),
        vec!["app/src/store/cache.rs"]
    );
    assert!(resolve(&r, "app/src/lib.rs", "mod:missing").is_empty());
}

#[test]
fn cargo_target_files_are_crate_roots() {
    let r = app();
    assert_eq!(
        resolve(&r, "app/src/bin/tool.rs", "mod:helpers"),
        vec!["app/src/bin/helpers.rs"]
    );
    assert_eq!(
        resolve(&r, "app/src/bin/tool.rs", "mod:extra"),
        vec!["app/src/bin/tool/extra.rs"]
    );
    assert_eq!(
        resolve(&r, "app/src/bin/tool/extra.rs", "crate::Opts"),
        vec!["app/src/bin/tool.rs"]
    );
    assert_eq!(
        resolve(&r, "app/tests/it.rs", "mod:common"),
        vec!["app/tests/common/mod.rs"]
    );
    assert!(resolve(&r, "app/src/bin/tool.rs", "crate::store::Db").is_empty());
}

#[test]
fn uniform_paths_reach_crate_root_modules_and_children() {
    let r = app();
    assert_eq!(
        resolve(&r, "app/src/main.rs", "store::Db"),
        vec!["app/src/store.rs"]
    );
    assert_eq!(
        resolve(&r, "app/src/store.rs", "cache::Cache"),
        vec!["app/src/store/cache.rs"]
    );
    assert_eq!(
        resolve(&r, "app/src/api/routes.rs", "store::Db"),
        vec!["app/src/store.rs"]
    );
}

#[test]
fn external_crates_resolve_to_nothing() {
    let r = app();
    assert!(resolve(&r, "app/src/main.rs", "serde::Serialize").is_empty());
    assert!(resolve(&r, "app/src/main.rs", "std::collections::HashMap").is_empty());
    assert!(resolve(&r, "app/src/main.rs", "::store::Db").is_empty());
    assert!(resolve(&r, "loose/script.rs", "crate::x").is_empty());
}

#[test]
fn places_follow_the_file_layout() {
    let r = app();
    let place = |f: &str| r.places.get(f).cloned().unwrap_or_default();
    assert_eq!(
        place("app/src/store/cache.rs").module,
        vec!["store", "cache"]
    );
    assert_eq!(place("app/src/api/mod.rs").module, vec!["api"]);
    assert_eq!(
        place("app/src/store.rs").root_file.as_deref(),
        Some("app/src/lib.rs")
    );
    assert_eq!(
        place("app/src/main.rs").root_file.as_deref(),
        Some("app/src/main.rs")
    );
    assert_eq!(place("app/tests/common/mod.rs").root_file, None);
}
