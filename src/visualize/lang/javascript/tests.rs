//! JavaScript and TypeScript reader tests: import and export forms, classes and calls, the
//! qualifier limit, and the resolver (relative paths, `tsconfig.json` paths, index files).

use super::extract::{self, MAX_QUALIFIER};
use super::*;
use crate::visualize::facts::{CallVia, ClassFacts, ClassKind, Import, Method, ProjectIndex};
use crate::visualize::lang::common::testing::{class, method_names, targets};

fn ts(source: &str) -> FileFacts {
    extract(source, Dialect::TypeScript)
}

fn js(source: &str) -> FileFacts {
    extract(source, Dialect::JavaScript)
}

fn tsx(source: &str) -> FileFacts {
    extract(source, Dialect::Tsx)
}

fn imports(facts: &FileFacts) -> Vec<(&str, Vec<&str>)> {
    facts
        .imports
        .iter()
        .map(|import| {
            (
                import.target.as_str(),
                import.names.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

fn class_names(facts: &FileFacts) -> Vec<&str> {
    facts
        .classes
        .iter()
        .map(|class| class.name.as_str())
        .collect()
}

fn method<'c>(class: &'c ClassFacts, name: &str) -> &'c Method {
    let found = class.methods.iter().find(|method| method.name == name);
    assert!(found.is_some(), "no method {name} in {:#?}", class.methods);
    found.unwrap()
}

fn function_names(facts: &FileFacts) -> Vec<&str> {
    facts
        .functions
        .iter()
        .map(|function| function.qualname.as_str())
        .collect()
}

fn calls<'f>(facts: &'f FileFacts, qualname: &str) -> Vec<(&'f str, CallVia)> {
    let found = facts
        .functions
        .iter()
        .find(|function| function.qualname == qualname);
    assert!(
        found.is_some(),
        "no function {qualname} in {:#?}",
        facts.functions
    );
    found
        .unwrap()
        .calls
        .iter()
        .map(|call| (call.callee.as_str(), call.via.clone()))
        .collect()
}

fn bare(name: &str) -> (&str, CallVia) {
    (name, CallVia::Bare)
}

fn qualified<'a>(name: &'a str, qualifier: &str) -> (&'a str, CallVia) {
    (name, CallVia::Qualified(qualifier.to_string()))
}

fn self_ref(name: &str) -> (&str, CallVia) {
    (name, CallVia::SelfRef)
}

// --- dialects -----------------------------------------------------------------------

#[test]
fn dialect_follows_the_extension() {
    assert_eq!(dialect_of("src/a.ts"), Some(Dialect::TypeScript));
    assert_eq!(dialect_of("a.mts"), Some(Dialect::TypeScript));
    assert_eq!(dialect_of("a.cts"), Some(Dialect::TypeScript));
    assert_eq!(dialect_of("ui/App.tsx"), Some(Dialect::Tsx));
    assert_eq!(dialect_of("a.js"), Some(Dialect::JavaScript));
    assert_eq!(dialect_of("a.mjs"), Some(Dialect::JavaScript));
    assert_eq!(dialect_of("a.cjs"), Some(Dialect::JavaScript));
    assert_eq!(dialect_of("a.jsx"), Some(Dialect::JavaScript));
    assert_eq!(dialect_of("LEGACY.JS"), Some(Dialect::JavaScript));
}

#[test]
fn declaration_files_and_other_files_have_no_dialect() {
    assert_eq!(dialect_of("types/global.d.ts"), None);
    assert_eq!(dialect_of("x.d.mts"), None);
    assert_eq!(dialect_of("x.d.cts"), None);
    assert_eq!(dialect_of("package.json"), None);
    assert_eq!(dialect_of("src.ts/README"), None);
    assert_eq!(dialect_of("Makefile"), None);
}

// --- imports ------------------------------------------------------------------------

#[test]
fn default_and_named_imports_list_original_names() {
    let facts = ts("import x, {a, b as c} from './m';");
    assert_eq!(imports(&facts), vec![("./m", vec!["x", "a", "b"])]);
}

#[test]
fn namespace_and_side_effect_imports_have_no_names() {
    let facts = ts("import * as ns from 'ns';\nimport './polyfill';");
    assert_eq!(
        imports(&facts),
        vec![("ns", vec![]), ("./polyfill", vec![])]
    );
}

#[test]
fn type_imports_count() {
    let facts = ts("import type {T, U} from './types';\nimport {type V} from './v';");
    assert_eq!(
        imports(&facts),
        vec![("./types", vec!["T", "U"]), ("./v", vec!["V"])]
    );
}

#[test]
fn re_exports_are_imports() {
    let facts = ts(
        "export {x, y as z} from './a';\nexport * from './b';\nexport * as c from './c';\nexport const local = 1;",
    );
    assert_eq!(
        imports(&facts),
        vec![("./a", vec!["x", "y"]), ("./b", vec![]), ("./c", vec![])]
    );
}

#[test]
fn require_anywhere_is_an_import() {
    let facts = js(
        "const a = require('./a');\nfunction f() { const b = require(\"b\"); }\nrequire('./c').init();",
    );
    assert_eq!(targets(&facts), vec!["./a", "b", "./c"]);
    assert!(calls(&facts, "f").is_empty(), "require is not a call");
}

#[test]
fn destructured_require_lists_its_keys() {
    let facts = js("const {a, b: c, d = 1} = require('./m');");
    assert_eq!(imports(&facts), vec![("./m", vec!["a", "b", "d"])]);
}

#[test]
fn dynamic_import_with_a_literal_is_an_import() {
    let facts = ts("async function load() { const m = await import('./lazy'); }");
    assert_eq!(targets(&facts), vec!["./lazy"]);
}

#[test]
fn computed_specifiers_are_skipped() {
    let facts =
        js("import(`./pages/${name}`);\nrequire(name);\nrequire('./a' + x);\nimport(`./plain`);");
    assert!(facts.imports.is_empty(), "{:?}", facts.imports);
}

#[test]
fn typescript_import_equals_require() {
    let facts = ts("import fs = require('fs');\nimport local = require('./local');");
    assert_eq!(targets(&facts), vec!["fs", "./local"]);
}

#[test]
fn imports_keep_source_order_across_forms() {
    let facts = ts("import a from 'a';\nconst b = require('b');\nexport * from 'c';\nimport 'd';");
    assert_eq!(targets(&facts), vec!["a", "b", "c", "d"]);
}

// --- classes ------------------------------------------------------------------------

#[test]
fn class_with_extends_and_implements() {
    let facts = ts("class A extends B<T> implements C, D<E>, ns.F {}");
    let a = class(&facts, "A");
    assert_eq!(a.kind, ClassKind::Class);
    assert_eq!(a.bases, vec!["B", "C", "D", "F"]);
}

#[test]
fn call_bases_are_skipped_and_member_bases_keep_the_last_segment() {
    let facts = js("class A extends mixin(B) {}\nclass C extends React.Component {}");
    assert!(class(&facts, "A").bases.is_empty());
    assert_eq!(class(&facts, "C").bases, vec!["Component"]);
}

#[test]
fn class_expression_takes_the_constant_name() {
    let facts = js("const A = class extends B { m() {} };");
    let a = class(&facts, "A");
    assert_eq!(a.bases, vec!["B"]);
    assert_eq!(method_names(a), vec!["m"]);
    assert_eq!(function_names(&facts), vec!["A.m"]);
}

#[test]
fn anonymous_default_class_is_not_listed() {
    let facts = js("export default class extends Base { m() { helper(); } }");
    assert!(facts.classes.is_empty());
    assert!(facts.functions.is_empty());
}

#[test]
fn exported_and_abstract_classes() {
    let facts = ts(
        "export default abstract class Shape { abstract area(): number; }\nexport class Sq extends Shape {}",
    );
    assert_eq!(class_names(&facts), vec!["Shape", "Sq"]);
    assert_eq!(method_names(class(&facts, "Shape")), vec!["area"]);
    assert_eq!(class(&facts, "Sq").bases, vec!["Shape"]);
}

#[test]
fn interface_extends_and_members() {
    let facts =
        ts("interface I extends J, K<L> { repo: Repo; items: Item[]; find(id: string): Item; }");
    let i = class(&facts, "I");
    assert_eq!(i.kind, ClassKind::Interface);
    assert_eq!(i.bases, vec!["J", "K"]);
    assert_eq!(i.fields, vec!["Repo", "Item"]);
    assert_eq!(method(i, "find").params, vec!["id"]);
    assert!(facts.functions.is_empty(), "signatures are not functions");
}

#[test]
fn enums_are_enums() {
    let facts = ts("export enum Color { Red, Green }\nconst enum Flag { A = 1 }");
    assert_eq!(class_names(&facts), vec!["Color", "Flag"]);
    assert!(
        facts
            .classes
            .iter()
            .all(|class| class.kind == ClassKind::Enum)
    );
}

// --- fields -------------------------------------------------------------------------

#[test]
fn annotated_fields_are_composition_with_type_arguments() {
    let facts = ts(
        "class S { private repo: Repo; items: Item[]; byId: Map<string, Item>; log: ns.Logger; count = 0; }",
    );
    assert_eq!(
        class(&facts, "S").fields,
        vec!["Repo", "Item", "Map", "Logger"]
    );
}

#[test]
fn constructor_parameter_properties_are_fields() {
    let facts = ts(
        "class S { constructor(private repo: Repo, readonly clock: Clock, public opt?: Opt, plain: Plain) {} }",
    );
    let s = class(&facts, "S");
    assert_eq!(s.fields, vec!["Repo", "Clock", "Opt"]);
    assert_eq!(
        method(s, "constructor").params,
        vec!["repo", "clock", "opt", "plain"]
    );
}

#[test]
fn this_assigned_new_objects_are_fields() {
    let facts = js(
        "class S { constructor() { this.cache = new Cache(); } reset() { this.timer = new lib.Timer(1); this.n = make(); } }",
    );
    assert_eq!(class(&facts, "S").fields, vec!["Cache", "Timer"]);
}

#[test]
fn field_initialised_with_new_is_a_field() {
    let facts = ts(
        "class S { private pool = new Pool(); #queue = new Queue<Job>(); m() { this.byId = new Map<string, Item>(); } }",
    );
    assert_eq!(
        class(&facts, "S").fields,
        vec!["Pool", "Queue", "Job", "Map", "Item"]
    );
}

#[test]
fn new_is_not_a_call() {
    let facts = js("function f() { const x = new Foo(bar()); }");
    assert_eq!(calls(&facts, "f"), vec![bare("bar")]);
}

// --- methods ------------------------------------------------------------------------

#[test]
fn method_kinds_and_visibility() {
    let facts = ts(
        "class C {\n  get size() { return 1; }\n  set size(v) {}\n  static async *items() {}\n  private hide() {}\n  protected guard() {}\n  #secret() {}\n  public open() {}\n}",
    );
    let c = class(&facts, "C");
    assert_eq!(
        method_names(c),
        vec!["size", "items", "hide", "guard", "#secret", "open"]
    );
    let public: Vec<bool> = c.methods.iter().map(|method| method.public).collect();
    assert_eq!(public, vec![true, true, false, false, false, true]);
    assert_eq!(
        function_names(&facts),
        vec![
            "C.size",
            "C.items",
            "C.hide",
            "C.guard",
            "C.#secret",
            "C.open"
        ]
    );
}

#[test]
fn parameter_names_cover_patterns() {
    let facts = js("class C { m(a, {b, c}, [d], e = 2, ...rest) {} }");
    assert_eq!(
        method(class(&facts, "C"), "m").params,
        vec!["a", OBJECT_PARAM, ARRAY_PARAM, "e", "...rest"]
    );
}

#[test]
fn typescript_this_parameter_is_dropped() {
    let facts = ts("class C { m(this: C, x: number, y?: string, ...zs: Z[]) {} }");
    assert_eq!(
        method(class(&facts, "C"), "m").params,
        vec!["x", "y", "...zs"]
    );
}

#[test]
fn overload_signatures_give_one_method() {
    let facts = ts("class C { m(x: string): void; m(x: number): void; m(x: any) { run(); } }");
    let c = class(&facts, "C");
    assert_eq!(method_names(c), vec!["m"]);
    assert_eq!(calls(&facts, "C.m"), vec![bare("run")]);
    assert_eq!(function_names(&facts), vec!["C.m"]);
}

#[test]
fn arrow_field_is_a_method() {
    let facts = tsx(
        "class View extends Component { private onClick = (event: Event) => { this.save(); }; handle = x => x; }",
    );
    let view = class(&facts, "View");
    assert_eq!(method_names(view), vec!["onClick", "handle"]);
    assert!(!method(view, "onClick").public);
    assert_eq!(method(view, "onClick").params, vec!["event"]);
    assert_eq!(method(view, "handle").params, vec!["x"]);
    assert_eq!(calls(&facts, "View.onClick"), vec![self_ref("View.save")]);
}

#[test]
fn computed_method_names_fold_away() {
    let facts = js("class C { [Symbol.iterator]() { step(); } 'quoted name'() {} }");
    assert_eq!(method_names(class(&facts, "C")), vec!["quoted name"]);
    assert_eq!(function_names(&facts), vec!["C.quoted name"]);
}

// --- functions ----------------------------------------------------------------------

#[test]
fn function_declaration_forms() {
    let facts = ts(
        "function a() {}\nexport function b() {}\nexport default function c() {}\nasync function d() {}\nfunction* e() {}\nexport async function* f() {}",
    );
    assert_eq!(function_names(&facts), vec!["a", "b", "c", "d", "e", "f"]);
}

#[test]
fn function_values_take_the_constant_name() {
    let facts = ts(
        "const a = () => {};\nexport const b = async (x: number) => x;\nlet c = function () {};\nvar d = function named() {};\nconst e = function* () {};",
    );
    assert_eq!(function_names(&facts), vec!["a", "b", "c", "d", "e"]);
}

#[test]
fn nested_functions_and_callbacks_fold_into_the_enclosing_function() {
    let facts = js(
        "function outer() {\n  function inner() { one(); }\n  const arrow = () => two();\n  items.forEach(item => three(item));\n  const o = { m() { four(); } };\n}",
    );
    assert_eq!(function_names(&facts), vec!["outer"]);
    assert_eq!(
        calls(&facts, "outer"),
        vec![
            bare("one"),
            bare("two"),
            qualified("forEach", "items"),
            bare("three"),
            bare("four"),
        ]
    );
}

#[test]
fn functions_inside_methods_fold_into_the_method() {
    let facts = ts(
        "class C { run() { const go = () => { this.step(); helper(); }; function local() { other(); } } }",
    );
    assert_eq!(function_names(&facts), vec!["C.run"]);
    assert_eq!(
        calls(&facts, "C.run"),
        vec![self_ref("C.step"), bare("helper"), bare("other")]
    );
}

#[test]
fn top_level_calls_are_ignored() {
    let facts =
        js("setup();\napp.listen(3000, () => { started(); });\nconst o = { m() { inObject(); } };");
    assert!(facts.functions.is_empty(), "{:?}", facts.functions);
}

#[test]
fn wrapped_components_take_the_constant_name() {
    let facts = tsx(
        "export const Button = memo(forwardRef((props, ref) => <Icon />));\nconst value = compute(1);",
    );
    assert_eq!(function_names(&facts), vec!["Button"]);
    assert_eq!(
        calls(&facts, "Button"),
        vec![bare("memo"), bare("forwardRef"), bare("Icon")]
    );
}

#[test]
fn commonjs_exported_functions_are_named() {
    let facts = js(
        "exports.start = function () { boot(); };\nmodule.exports.stop = () => halt();\nmodule.exports = function main() { run(); };",
    );
    assert_eq!(function_names(&facts), vec!["start", "stop", "main"]);
    assert_eq!(calls(&facts, "stop"), vec![bare("halt")]);
}

#[test]
fn prototype_methods_are_qualified_by_their_constructor() {
    let facts = js(
        "function Animal() {}\nAnimal.prototype.speak = function () { this.sound(); };\nAnimal.prototype.legs = 4;\nobj.handler = () => { ignored(); };",
    );
    assert_eq!(function_names(&facts), vec!["Animal", "Animal.speak"]);
    assert_eq!(
        calls(&facts, "Animal.speak"),
        vec![qualified("sound", "this")]
    );
}

#[test]
fn getter_and_setter_share_one_function() {
    let facts = js("class C { get v() { a(); } set v(x) { b(); } }");
    assert_eq!(function_names(&facts), vec!["C.v"]);
    assert_eq!(calls(&facts, "C.v"), vec![bare("a"), bare("b")]);
}

#[test]
fn namespace_functions_are_listed() {
    let facts = ts("namespace N { export function inner() { go(); } }");
    assert_eq!(calls(&facts, "inner"), vec![bare("go")]);
}

// --- calls --------------------------------------------------------------------------

#[test]
fn call_kinds() {
    let facts = ts(
        "class C extends B {\n  m() {\n    f();\n    this.n();\n    obj.g();\n    ns.sub.h();\n    super.k();\n    a?.b();\n    maybe?.();\n  }\n}",
    );
    assert_eq!(
        calls(&facts, "C.m"),
        vec![
            bare("f"),
            self_ref("C.n"),
            qualified("g", "obj"),
            qualified("h", "ns.sub"),
            qualified("k", "super"),
            qualified("b", "a"),
            bare("maybe"),
        ]
    );
}

#[test]
fn private_method_calls_keep_the_hash() {
    let facts = js("class C { #p() {} m() { this.#p(); } }");
    assert_eq!(calls(&facts, "C.m"), vec![self_ref("C.#p")]);
}

#[test]
fn this_outside_a_class_is_a_plain_qualifier() {
    let facts = js("function f() { this.g(); }");
    assert_eq!(calls(&facts, "f"), vec![qualified("g", "this")]);
}

#[test]
fn chained_calls_keep_the_chain_on_one_line() {
    let facts = js("function f() {\n  fetch(url)\n    .then(parse);\n}");
    assert_eq!(
        calls(&facts, "f"),
        vec![qualified("then", "fetch(url)"), bare("fetch")]
    );
}

#[test]
fn unnamed_callees_are_skipped() {
    let facts = js("function f() { table[key](); (0, g)(); make()(); super(); }");
    assert_eq!(calls(&facts, "f"), vec![bare("make")]);
}

#[test]
fn generic_calls_are_bare_calls() {
    let facts = ts("function f() { return create<Item>(1); }");
    assert_eq!(calls(&facts, "f"), vec![bare("create")]);
}

#[test]
fn duplicate_calls_are_kept() {
    let facts = js("function f() { g(); g(); }");
    assert_eq!(calls(&facts, "f"), vec![bare("g"), bare("g")]);
}

#[test]
fn jsx_components_are_calls() {
    let facts = js(
        "function App() { return <div><Header title=\"x\" /><ui.Panel><Footer></Footer></ui.Panel><span/></div>; }",
    );
    assert_eq!(
        calls(&facts, "App"),
        vec![bare("Header"), qualified("Panel", "ui"), bare("Footer")]
    );
}

#[test]
fn tsx_components_are_calls() {
    let facts = tsx(
        "export const List = ({items}: Props) => <ul>{items.map(i => <Row key={i.id} item={i} />)}</ul>;",
    );
    assert_eq!(
        calls(&facts, "List"),
        vec![qualified("map", "items"), bare("Row")]
    );
}

#[test]
fn jsx_outside_functions_is_ignored() {
    let facts = js("render(<App />, root);");
    assert!(facts.functions.is_empty());
}

// --- robustness ---------------------------------------------------------------------

#[test]
fn empty_file_has_no_facts() {
    assert_eq!(ts(""), FileFacts::default());
    assert_eq!(js("// only a comment\n"), FileFacts::default());
}

#[test]
fn syntax_errors_give_partial_facts() {
    let facts = ts(
        "import {a} from './a';\nclass Broken extends Base { m() { let = ; g(); } }\nfunction ok() { a(); }",
    );
    assert_eq!(targets(&facts), vec!["./a"]);
    assert_eq!(class(&facts, "Broken").bases, vec!["Base"]);
    assert_eq!(calls(&facts, "ok"), vec![bare("a")]);
    let lost_class = ts("class Lost extends Base { m( { \n}\nfunction ok() { a(); }");
    assert_eq!(calls(&lost_class, "ok"), vec![bare("a")]);
}

#[test]
fn non_ascii_identifiers_and_strings() {
    let facts = js(
        "import données from './données';\nclass Größe extends Maß { größer() { this.größe(); } }\nfunction grüßen() { sagen('héllo ✓'); Ärger(); }",
    );
    assert_eq!(imports(&facts), vec![("./données", vec!["données"])]);
    assert_eq!(class(&facts, "Größe").bases, vec!["Maß"]);
    assert_eq!(calls(&facts, "Größe.größer"), vec![self_ref("Größe.größe")]);
    assert_eq!(calls(&facts, "grüßen"), vec![bare("sagen"), bare("Ärger")]);
}

#[test]
fn non_ascii_uppercase_jsx_tag_is_a_component() {
    let facts = js("function A() { return <Ölfeld />; }");
    assert_eq!(calls(&facts, "A"), vec![bare("Ölfeld")]);
}

#[test]
fn deeply_nested_expressions_do_not_overflow() {
    let sum = vec!["x"; 20_000].join(" + ");
    let source = format!("function deep() {{ return {sum} + last(); }}");
    let facts = js(&source);
    assert_eq!(calls(&facts, "deep"), vec![bare("last")]);
}

#[test]
fn one_parser_serves_repeated_and_mixed_dialects() {
    for _ in 0..3 {
        assert_eq!(function_names(&ts("function a(x: number) {}")), vec!["a"]);
        assert_eq!(
            function_names(&js("function b() { return <X/>; }")),
            vec!["b"]
        );
        assert_eq!(function_names(&tsx("const c = () => <X/>;")), vec!["c"]);
    }
}

// --- resolver -----------------------------------------------------------------------

fn project(files: &[&str]) -> ProjectIndex {
    ProjectIndex {
        files: files.iter().map(|file| file.to_string()).collect(),
        go_modules: Vec::new(),
    }
}

fn import(target: &str) -> Import {
    Import {
        target: target.to_string(),
        names: Vec::new(),
    }
}

const FILES: &[&str] = &[
    "src/app.ts",
    "src/util.ts",
    "src/view.tsx",
    "src/legacy.js",
    "src/esm.mts",
    "src/models/index.ts",
    "src/models/user.ts",
    "src/lib/x.ts",
    "lib/top.ts",
    "index.js",
    "packages/web/src/main.ts",
    "packages/web/src/shared/button.tsx",
    "packages/web/tsconfig.json",
];

fn resolve(resolver: &Resolver, from: &str, target: &str) -> Vec<String> {
    resolver.resolve(from, &import(target))
}

#[test]
fn relative_specifiers_probe_extensions_and_index() {
    let resolver = Resolver::new(&project(FILES));
    assert_eq!(
        resolve(&resolver, "src/app.ts", "./util"),
        vec!["src/util.ts"]
    );
    assert_eq!(
        resolve(&resolver, "src/app.ts", "./view"),
        vec!["src/view.tsx"]
    );
    assert_eq!(
        resolve(&resolver, "src/app.ts", "./legacy"),
        vec!["src/legacy.js"]
    );
    assert_eq!(
        resolve(&resolver, "src/app.ts", "./models"),
        vec!["src/models/index.ts"]
    );
    assert_eq!(
        resolve(&resolver, "src/models/user.ts", "."),
        vec!["src/models/index.ts"]
    );
    assert_eq!(
        resolve(&resolver, "src/models/user.ts", "../util"),
        vec!["src/util.ts"]
    );
    assert_eq!(
        resolve(&resolver, "src/models/user.ts", "../../index.js"),
        vec!["index.js"]
    );
    assert_eq!(
        resolve(&resolver, "src/app.ts", "./legacy.js"),
        vec!["src/legacy.js"]
    );
    assert_eq!(
        resolve(&resolver, "src/app.ts", "./lib/./x"),
        vec!["src/lib/x.ts"]
    );
}

#[test]
fn esm_style_js_specifiers_find_typescript_sources() {
    let resolver = Resolver::new(&project(FILES));
    assert_eq!(
        resolve(&resolver, "src/app.ts", "./util.js"),
        vec!["src/util.ts"]
    );
    assert_eq!(
        resolve(&resolver, "src/app.ts", "./view.js"),
        vec!["src/view.tsx"]
    );
    assert_eq!(
        resolve(&resolver, "src/app.ts", "./view.jsx"),
        vec!["src/view.tsx"]
    );
    assert_eq!(
        resolve(&resolver, "src/app.ts", "./esm.mjs"),
        vec!["src/esm.mts"]
    );
}

#[test]
fn unresolvable_specifiers_are_empty() {
    let resolver = Resolver::new(&project(FILES));
    for target in [
        "react",
        "@scope/pkg",
        "./missing",
        "../../../outside",
        "./styles.css",
        "lib/top",
    ] {
        assert!(
            resolve(&resolver, "src/app.ts", target).is_empty(),
            "{target}"
        );
    }
}

#[test]
fn a_file_never_resolves_to_itself() {
    let resolver = Resolver::new(&project(FILES));
    assert!(resolve(&resolver, "src/util.ts", "./util").is_empty());
}

#[test]
fn query_suffixes_and_root_paths() {
    let resolver = Resolver::new(&project(FILES));
    assert_eq!(
        resolve(&resolver, "src/app.ts", "./util?raw"),
        vec!["src/util.ts"]
    );
    assert_eq!(
        resolve(&resolver, "src/app.ts", "/lib/top"),
        vec!["lib/top.ts"]
    );
}

fn root_aliases() -> Aliases {
    Aliases::from_tsconfig(
        "",
        r#"{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"], "@models": ["src/models/index.ts"] } } }"#,
    )
}

#[test]
fn path_aliases_resolve_like_relative_paths() {
    let resolver = Resolver::new(&project(FILES)).with_aliases(vec![root_aliases()]);
    assert_eq!(
        resolve(&resolver, "src/app.ts", "@/util"),
        vec!["src/util.ts"]
    );
    assert_eq!(
        resolve(&resolver, "src/app.ts", "@/models"),
        vec!["src/models/index.ts"]
    );
    assert_eq!(
        resolve(&resolver, "src/app.ts", "@models"),
        vec!["src/models/index.ts"]
    );
    assert!(resolve(&resolver, "src/app.ts", "@/nothing").is_empty());
}

#[test]
fn base_url_resolves_bare_specifiers() {
    let aliases = Aliases::from_tsconfig("", r#"{"compilerOptions": {"baseUrl": "src"}}"#);
    let resolver = Resolver::new(&project(FILES)).with_aliases(vec![aliases]);
    assert_eq!(
        resolve(&resolver, "src/app.ts", "lib/x"),
        vec!["src/lib/x.ts"]
    );
    assert_eq!(
        resolve(&resolver, "lib/top.ts", "models/user"),
        vec!["src/models/user.ts"]
    );
    assert!(resolve(&resolver, "src/app.ts", "react").is_empty());
}

#[test]
fn nearest_config_wins_and_aliases_stay_under_their_directory() {
    let web = Aliases::from_tsconfig(
        "packages/web",
        r#"{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}"#,
    );
    let resolver = Resolver::new(&project(FILES)).with_aliases(vec![root_aliases(), web]);
    assert_eq!(
        resolve(&resolver, "packages/web/src/main.ts", "@/shared/button"),
        vec!["packages/web/src/shared/button.tsx"]
    );
    assert_eq!(
        resolve(&resolver, "src/app.ts", "@/util"),
        vec!["src/util.ts"]
    );
    let only_web = Resolver::new(&project(FILES)).with_aliases(vec![Aliases::from_tsconfig(
        "packages/web",
        r#"{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}"#,
    )]);
    assert!(resolve(&only_web, "src/app.ts", "@/util").is_empty());
}

#[test]
fn outer_config_aliases_apply_when_the_nearest_cannot_resolve() {
    let web = Aliases::from_tsconfig(
        "packages/web",
        r#"{"compilerOptions": {"paths": {"@/*": ["./src/*"]}}}"#,
    );
    let root = Aliases::from_tsconfig("", r#"{"compilerOptions": {"paths": {"~/*": ["src/*"]}}}"#);
    let resolver = Resolver::new(&project(FILES)).with_aliases(vec![web, root]);
    assert_eq!(
        resolve(&resolver, "packages/web/src/main.ts", "~/models/user"),
        vec!["src/models/user.ts"]
    );
    assert_eq!(
        resolve(&resolver, "packages/web/src/main.ts", "@/shared/button"),
        vec!["packages/web/src/shared/button.tsx"]
    );
}

#[test]
fn long_qualifiers_are_cut() {
    let long = format!("function f() {{ ({}).run(); }}", "x + ".repeat(100) + "y");
    let facts = js(&long);
    let calls = calls(&facts, "f");
    let CallVia::Qualified(qualifier) = &calls[0].1 else {
        panic!("{calls:?}");
    };
    assert!(
        qualifier.len() <= MAX_QUALIFIER + '…'.len_utf8(),
        "{qualifier}"
    );
    assert!(qualifier.starts_with("(x + x") && qualifier.ends_with('…'));
    assert_eq!(extract::qualifier("née\n  .x"), "née .x");
    assert_eq!(
        extract::qualifier(&"é".repeat(60)),
        format!("{}…", "é".repeat(40))
    );
}

#[test]
fn longest_alias_prefix_wins() {
    let aliases = Aliases::from_tsconfig(
        "",
        r#"{"compilerOptions": {"paths": {"@/*": ["lib/*"], "@/models/*": ["src/models/*"]}}}"#,
    );
    let resolver = Resolver::new(&project(FILES)).with_aliases(vec![aliases]);
    assert_eq!(
        resolve(&resolver, "src/app.ts", "@/models/user"),
        vec!["src/models/user.ts"]
    );
    assert_eq!(
        resolve(&resolver, "src/app.ts", "@/top"),
        vec!["lib/top.ts"]
    );
}

#[test]
fn alias_targets_are_tried_in_order() {
    let aliases = Aliases::from_tsconfig(
        "",
        r#"{"compilerOptions": {"paths": {"~/*": ["gen/*", "src/*"]}}}"#,
    );
    let resolver = Resolver::new(&project(FILES)).with_aliases(vec![aliases]);
    assert_eq!(
        resolve(&resolver, "src/app.ts", "~/util"),
        vec!["src/util.ts"]
    );
}

// --- tsconfig -----------------------------------------------------------------------

#[test]
fn tsconfig_allows_comments_and_trailing_commas() {
    let text = r#"
    // project config
    {
      /* compiler */
      "compilerOptions": {
        "baseUrl": "./src", // sources
        "paths": {
          "@/*": ["*",],
          "docs/*": ["https://example.com//x/*"],
        },
      },
      "extends": "../tsconfig.base.json",
    }"#;
    let aliases = Aliases::from_tsconfig("apps/web/", text);
    assert_eq!(aliases.dir, "apps/web");
    assert_eq!(aliases.base_url.as_deref(), Some("apps/web/src"));
    assert_eq!(
        aliases.paths,
        vec![
            PathAlias {
                pattern: "@/*".to_string(),
                targets: vec!["apps/web/src/*".to_string()],
            },
            PathAlias {
                pattern: "docs/*".to_string(),
                targets: vec!["apps/web/src/https:/example.com/x/*".to_string()],
            },
        ]
    );
    assert_eq!(aliases.extends, vec!["apps/tsconfig.base.json"]);
}

#[test]
fn path_targets_without_base_url_are_relative_to_the_config() {
    let aliases = Aliases::from_tsconfig(
        "web",
        r##"{"compilerOptions": {"paths": {"#lib/*": ["../lib/*"]}}}"##,
    );
    assert_eq!(aliases.base_url, None);
    assert_eq!(aliases.paths[0].targets, vec!["lib/*"]);
}

#[test]
fn package_extends_are_left_out() {
    let aliases = Aliases::from_tsconfig(
        "",
        r#"{"extends": ["@tsconfig/node20/tsconfig.json", "./base.json"]}"#,
    );
    assert_eq!(aliases.extends, vec!["base.json"]);
}

#[test]
fn unreadable_tsconfig_gives_no_aliases() {
    for text in [
        "",
        "not json",
        "{\"compilerOptions\": ",
        "[[[[",
        &"[".repeat(10_000),
    ] {
        let aliases = Aliases::from_tsconfig("x", text);
        assert_eq!(aliases.dir, "x");
        assert!(!aliases.defines_anything(), "{text:.20}");
    }
}

#[test]
fn inherit_fills_missing_settings_only() {
    let parent = root_aliases();
    let mut child = Aliases::from_tsconfig("packages/web", r#"{"extends": "../../tsconfig.json"}"#);
    assert_eq!(child.extends, vec!["tsconfig.json"]);
    child.inherit(&parent);
    assert_eq!(child.base_url.as_deref(), Some(""));
    assert_eq!(child.paths, parent.paths);
    let mut own = Aliases::from_tsconfig("w", r#"{"compilerOptions": {"baseUrl": "s"}}"#);
    own.inherit(&parent);
    assert_eq!(own.base_url.as_deref(), Some("w/s"));
}
