//! Go reader tests: imports, types, methods and calls read from syntax trees, and the
//! resolver from import paths to the module's package folders.

use super::*;
use crate::visualize::lang::common::testing::{calls, class, method_names, targets};

fn bare(callee: &str) -> Call {
    Call {
        callee: callee.to_string(),
        via: CallVia::Bare,
    }
}

fn self_ref(callee: &str) -> Call {
    Call {
        callee: callee.to_string(),
        via: CallVia::SelfRef,
    }
}

fn qualified(qualifier: &str, callee: &str) -> Call {
    Call {
        callee: callee.to_string(),
        via: CallVia::Qualified(qualifier.to_string()),
    }
}

#[test]
fn single_import_gives_the_unquoted_path() {
    let facts = extract("package main\nimport \"example.com/app/store\"\n");
    assert_eq!(targets(&facts), ["example.com/app/store"]);
    assert!(facts.imports[0].names.is_empty());
}

#[test]
fn aliased_import_keeps_the_path() {
    let facts = extract("package main\nimport st \"example.com/app/store\"\n");
    assert_eq!(targets(&facts), ["example.com/app/store"]);
}

#[test]
fn grouped_import_expands_blank_dot_and_raw_paths() {
    let source =
        "package main\nimport (\n\t\"fmt\"\n\t_ \"a/driver\"\n\t. \"a/dsl\"\n\tx `a/raw`\n)\n";
    assert_eq!(
        targets(&extract(source)),
        ["fmt", "a/driver", "a/dsl", "a/raw"]
    );
}

#[test]
fn embedded_fields_become_bases_by_last_segment() {
    let source = "package p\ntype S struct {\n\tBase\n\t*Other\n\tpkg.Remote\n\t*pkg.Pointer\n\tGen[int]\n\tname string\n}\n";
    let facts = extract(source);
    let class = class(&facts, "S");
    assert_eq!(class.kind, ClassKind::Struct);
    assert_eq!(class.bases, ["Base", "Other", "Remote", "Pointer", "Gen"]);
    assert!(class.fields.is_empty());
}

#[test]
fn field_types_are_unwrapped_to_the_names_they_hold() {
    let source = "package p\ntype S struct {\n\titems map[string]*Item\n\trows []store.Row\n\tgrid [4][4]Cell\n\tinbox <-chan Msg\n\tpair Pair[Left, right.Right]\n\tcount, total int\n\tname string `json:\"name\"`\n}\n";
    let facts = extract(source);
    assert_eq!(
        class(&facts, "S").fields,
        ["Item", "Row", "Cell", "Msg", "Pair", "Left", "Right"]
    );
}

#[test]
fn field_types_are_deduplicated_in_source_order() {
    let source = "package p\ntype S struct {\n\ta *Item\n\tb []Item\n\tc Other\n}\n";
    assert_eq!(class(&extract(source), "S").fields, ["Item", "Other"]);
}

#[test]
fn function_types_and_type_parameters_are_not_composition() {
    let source = "package p\ntype List[T any] struct {\n\titems []T\n\tnext *Node[T]\n\tonChange func(Event) Result\n\tsink interface{ Put(Thing) }\n}\n";
    assert_eq!(class(&extract(source), "List").fields, ["Node"]);
}

#[test]
fn anonymous_struct_fields_count_for_the_outer_struct() {
    let source = "package p\ntype S struct {\n\tmeta struct {\n\t\towner *User\n\t}\n}\n";
    assert_eq!(class(&extract(source), "S").fields, ["User"]);
}

#[test]
fn interface_embeds_become_bases_and_method_specs_methods() {
    let source = "package p\ntype RW interface {\n\tReader\n\tio.Writer\n\tFlush(force bool, n int) error\n\tsize() int\n}\n";
    let facts = extract(source);
    let class = class(&facts, "RW");
    assert_eq!(class.kind, ClassKind::Interface);
    assert_eq!(class.bases, ["Reader", "Writer"]);
    assert_eq!(
        class.methods,
        [
            Method {
                name: "Flush".to_string(),
                params: vec!["force".to_string(), "n".to_string()],
                public: true,
            },
            Method {
                name: "size".to_string(),
                params: Vec::new(),
                public: false,
            },
        ]
    );
}

#[test]
fn constraint_unions_are_not_embedding() {
    let source = "package p\ntype Number interface {\n\t~int | ~float64\n}\ntype Both interface {\n\tA | B\n}\n";
    let facts = extract(source);
    assert!(class(&facts, "Number").bases.is_empty());
    assert!(class(&facts, "Both").bases.is_empty());
}

#[test]
fn grouped_type_declarations_are_all_read() {
    let source = "package p\ntype (\n\tA struct{}\n\tB interface{}\n)\n";
    let facts = extract(source);
    let kinds: Vec<_> = facts
        .classes
        .iter()
        .map(|class| (class.name.as_str(), class.kind))
        .collect();
    assert_eq!(
        kinds,
        [("A", ClassKind::Struct), ("B", ClassKind::Interface)]
    );
}

#[test]
fn receiver_methods_attach_to_the_struct_even_before_it() {
    let source = "package p\nfunc (s *Store) Add(item *Item, n int) {}\ntype Store struct{}\nfunc (s Store) count() int { return 0 }\n";
    let facts = extract(source);
    assert_eq!(facts.classes.len(), 1);
    let store = class(&facts, "Store");
    assert_eq!(method_names(store), ["Add", "count"]);
    assert_eq!(store.methods[0].params, ["item", "n"]);
    assert!(store.methods[0].public);
    assert!(!store.methods[1].public);
}

#[test]
fn methods_of_a_type_declared_elsewhere_give_a_method_only_struct() {
    let source = "package p\nfunc (s *Store) index() {}\nfunc (s *Store) Find(id string) {}\n";
    let facts = extract(source);
    assert_eq!(
        facts.classes,
        [ClassFacts {
            name: "Store".to_string(),
            kind: ClassKind::Struct,
            bases: Vec::new(),
            fields: Vec::new(),
            methods: vec![
                Method {
                    name: "index".to_string(),
                    params: Vec::new(),
                    public: false,
                },
                Method {
                    name: "Find".to_string(),
                    params: vec!["id".to_string()],
                    public: true,
                },
            ],
        }]
    );
}

#[test]
fn generic_receivers_name_the_bare_type() {
    let source = "package p\ntype List[T any] struct{ items []T }\nfunc (l *List[T]) Push(v T) { l.grow() }\nfunc (l *List[T]) grow() {}\n";
    let facts = extract(source);
    assert_eq!(method_names(class(&facts, "List")), ["Push", "grow"]);
    assert_eq!(calls(&facts, "List.Push"), [self_ref("List.grow")]);
}

#[test]
fn named_non_struct_types_and_aliases_are_skipped_with_their_methods() {
    let source = "package p\ntype ID string\ntype Alias = Other\nfunc (id ID) String() string { return string(id) }\nfunc (a Alias) M() {}\n";
    let facts = extract(source);
    assert!(facts.classes.is_empty(), "{:?}", facts.classes);
    let names: Vec<_> = facts
        .functions
        .iter()
        .map(|f| f.qualname.as_str())
        .collect();
    assert_eq!(names, ["ID.String", "Alias.M"]);
}

#[test]
fn functions_and_methods_are_qualified_in_source_order() {
    let source = "package p\nfunc main() {}\nfunc (s *S) Run() {}\nfunc (S) Stop() {}\nfunc helper[T any](v T) {}\n";
    let names: Vec<_> = extract(source)
        .functions
        .into_iter()
        .map(|function| function.qualname)
        .collect();
    assert_eq!(names, ["main", "S.Run", "S.Stop", "helper"]);
}

#[test]
fn variadic_and_grouped_parameters_are_named() {
    let source =
        "package p\ntype S struct{}\nfunc (s S) Log(format string, a, b int, rest ...any) {}\n";
    assert_eq!(
        class(&extract(source), "S").methods[0].params,
        ["format", "a", "b", "rest"]
    );
}

#[test]
fn calls_are_bare_self_or_qualified() {
    let source = "package p\nfunc (s *Store) Add(x Item) {\n\tvalidate(x)\n\ts.index(x)\n\ts.log.Write(\"add\")\n\tfmt.Println(x)\n\tx.Save()\n}\n";
    assert_eq!(
        calls(&extract(source), "Store.Add"),
        [
            bare("validate"),
            self_ref("Store.index"),
            qualified("s.log", "Write"),
            qualified("fmt", "Println"),
            qualified("x", "Save"),
        ]
    );
}

#[test]
fn only_the_receiver_variable_makes_a_self_call() {
    let source = "package p\nfunc (st *Store) A(s *Store) { s.B(); st.C() }\nfunc (_ *Store) D(s *Store) { s.E() }\nfunc (*Store) F(s *Store) { s.G() }\nfunc H(s *Store) { s.I() }\n";
    let facts = extract(source);
    assert_eq!(
        calls(&facts, "Store.A"),
        [qualified("s", "B"), self_ref("Store.C")]
    );
    assert_eq!(calls(&facts, "Store.D"), [qualified("s", "E")]);
    assert_eq!(calls(&facts, "Store.F"), [qualified("s", "G")]);
    assert_eq!(calls(&facts, "H"), [qualified("s", "I")]);
}

#[test]
fn generic_instantiations_call_the_generic_function() {
    let source = "package p\nfunc f() {\n\tMap[int](xs)\n\tPair[int, string]()\n\tslices.Sort[int](xs)\n\tNew[int]()\n\tlist.Make[T]()\n\t[]byte(s)\n}\n";
    assert_eq!(
        calls(&extract(source), "f"),
        [
            bare("Map"),
            bare("Pair"),
            qualified("slices", "Sort"),
            bare("New"),
            qualified("list", "Make"),
        ]
    );
}

#[test]
fn go_defer_and_func_literals_fold_into_the_function() {
    let source = "package p\nfunc f() {\n\tgo worker()\n\tdefer cleanup()\n\tdo := func() { inner() }\n\tdo()\n\tfunc() { now() }()\n}\n";
    assert_eq!(
        calls(&extract(source), "f"),
        [
            bare("worker"),
            bare("cleanup"),
            bare("inner"),
            bare("do"),
            bare("now")
        ]
    );
}

#[test]
fn calls_follow_the_order_the_names_are_written() {
    let source = "package p\nfunc f() { outer(inner()); b.first().second() }\n";
    assert_eq!(
        calls(&extract(source), "f"),
        [
            bare("outer"),
            bare("inner"),
            qualified("b", "first"),
            qualified("b.first()", "second"),
        ]
    );
}

#[test]
fn multi_line_qualifiers_are_compacted() {
    let source = "package p\nfunc f() {\n\tclient.\n\t\tapi.\n\t\tGet()\n}\n";
    assert_eq!(
        calls(&extract(source), "f"),
        [qualified("client.api", "Get")]
    );
}

#[test]
fn top_level_calls_are_ignored() {
    let source = "package p\nvar x = compute()\nvar h = func() { hidden() }\n";
    assert!(extract(source).functions.is_empty());
}

#[test]
fn an_empty_file_has_no_facts() {
    assert_eq!(extract(""), FileFacts::default());
    assert_eq!(extract("package p\n"), FileFacts::default());
}

#[test]
fn a_broken_file_still_yields_what_parses() {
    let source = "package p\nimport \"a/b\"\ntype S struct { x *Item }\nfunc broken( {\nfunc ok() { call() }\n";
    let facts = extract(source);
    assert_eq!(targets(&facts), ["a/b"]);
    assert_eq!(class(&facts, "S").fields, ["Item"]);
}

#[test]
fn non_ascii_identifiers_and_strings_survive() {
    let source = "package p\ntype Größe struct { wert *Maß }\nfunc (g *Größe) Ändern() { g.prüfen(\"ü→✓\") }\n";
    let facts = extract(source);
    let class = class(&facts, "Größe");
    assert_eq!(class.fields, ["Maß"]);
    assert!(class.methods[0].public, "Ä is upper case");
    assert_eq!(calls(&facts, "Größe.Ändern"), [self_ref("Größe.prüfen")]);
}

#[test]
fn compact_drops_whitespace_around_dots_only() {
    assert_eq!(compact("a .\n  b"), "a.b");
    assert_eq!(compact("f(x,  y)"), "f(x, y)");
    assert_eq!(compact("  lead"), "lead");
}

fn index(files: &[&str], modules: &[(&str, &str)]) -> ProjectIndex {
    ProjectIndex {
        files: files.iter().map(|file| file.to_string()).collect(),
        go_modules: modules
            .iter()
            .map(|(dir, module)| (dir.to_string(), module.to_string()))
            .collect(),
    }
}

fn import(target: &str) -> Import {
    Import {
        target: target.to_string(),
        names: Vec::new(),
    }
}

fn project() -> ProjectIndex {
    index(
        &[
            "main.go",
            "root.go",
            "internal/store/store.go",
            "internal/store/index.go",
            "internal/store/store_test.go",
            "internal/store/sub/deep.go",
            "internal/store/README.md",
            "tools/gen/gen.go",
            "tools/tool.go",
        ],
        &[
            ("", "example.com/shop"),
            ("tools", "example.com/shop/tools"),
        ],
    )
}

#[test]
fn resolves_a_package_to_its_direct_non_test_files() {
    let resolver = Resolver::new(&project());
    assert_eq!(
        resolver.resolve("main.go", &import("example.com/shop/internal/store")),
        ["internal/store/index.go", "internal/store/store.go"]
    );
}

#[test]
fn the_module_path_itself_is_the_root_package() {
    let resolver = Resolver::new(&project());
    assert_eq!(
        resolver.resolve("internal/store/store.go", &import("example.com/shop")),
        ["main.go", "root.go"]
    );
}

#[test]
fn the_importing_file_is_never_a_target() {
    let resolver = Resolver::new(&project());
    assert_eq!(
        resolver.resolve("root.go", &import("example.com/shop")),
        ["main.go"]
    );
}

#[test]
fn the_longest_module_path_wins() {
    let resolver = Resolver::new(&project());
    assert_eq!(
        resolver.resolve("main.go", &import("example.com/shop/tools/gen")),
        ["tools/gen/gen.go"]
    );
    assert_eq!(
        resolver.resolve("main.go", &import("example.com/shop/tools")),
        ["tools/tool.go"]
    );
}

#[test]
fn module_prefixes_only_match_at_a_slash() {
    let resolver = Resolver::new(&project());
    assert!(
        resolver
            .resolve("main.go", &import("example.com/shopping/store"))
            .is_empty()
    );
}

#[test]
fn stdlib_third_party_and_missing_packages_resolve_to_nothing() {
    let resolver = Resolver::new(&project());
    for target in [
        "fmt",
        "net/http",
        "github.com/x/y",
        "example.com/shop/missing",
        "",
    ] {
        assert!(
            resolver.resolve("main.go", &import(target)).is_empty(),
            "{target}"
        );
    }
}

#[test]
fn modules_in_subdirectories_map_to_their_directory() {
    let index = index(
        &[
            "svc/api/cmd/main.go",
            "svc/api/handler/h.go",
            "svc/api/handler/h2.go",
        ],
        &[("./svc/api/", "corp.io/api")],
    );
    assert_eq!(
        Resolver::new(&index).resolve("svc/api/cmd/main.go", &import("corp.io/api/handler")),
        ["svc/api/handler/h.go", "svc/api/handler/h2.go"]
    );
}

#[test]
fn without_modules_nothing_resolves() {
    let index = index(&["a/a.go", "b/b.go"], &[]);
    assert!(
        Resolver::new(&index)
            .resolve("a/a.go", &import("b"))
            .is_empty()
    );
}
