//! What one source file declares and uses, whatever its language: the only thing the graph
//! builders see. Each language module in `lang/` turns a syntax tree into [`FileFacts`] and
//! resolves its own imports to project files; everything after that is language-neutral.
//!
//! Names are kept as written in the source (`Base`, not `pkg.Base`, when the code says
//! `Base`; the last segment when it says `pkg.Base`), so the graph builders match them
//! against the classes and functions the project actually declares and drop the rest
//! (library types, builtins).

use std::collections::BTreeSet;

/// Everything the graphs need from one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileFacts {
    /// Imports in source order.
    pub imports: Vec<Import>,
    /// Classes, interfaces, structs, traits and enums in source order.
    pub classes: Vec<ClassFacts>,
    /// Free functions and methods in source order (methods also appear in their class).
    pub functions: Vec<FunctionFacts>,
}

/// One import statement (or one imported path of a grouped statement).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Import {
    /// The module path as the language spells it:
    /// Python `a.b` or `..pkg.mod` (leading dots kept for relative imports),
    /// JS/TS the specifier string (`./util`, `react`, `@/lib/x`),
    /// Go the package path (`example.com/app/internal/store`),
    /// Java the qualified name (`com.acme.model.User`, `com.acme.model.*`),
    /// Rust the path (`crate::store::Db`, `super::util`, `self::x`), or `mod:<name>` for a
    /// `mod name;` declaration (a child module file).
    pub target: String,
    /// Names imported from it (`from a import b, c` → `[b, c]`); empty when the whole
    /// module is imported.
    pub names: Vec<String>,
}

/// What kind of type a [`ClassFacts`] is; decides the Mermaid annotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ClassKind {
    /// A class (Python, Java, TS/JS).
    Class,
    /// A Java or TypeScript interface, a Go interface.
    Interface,
    /// A Go or Rust struct.
    Struct,
    /// A Rust trait.
    Trait,
    /// An enum (Java, TS, Rust; Python `class X(Enum)` stays a Class).
    Enum,
}

/// One type declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassFacts {
    /// The declared name (no generics).
    pub name: String,
    /// The kind of declaration.
    pub kind: ClassKind,
    /// Inheritance: base classes, implemented interfaces, implemented traits (`impl T for S`
    /// gives `S` the base `T`), embedded Go structs/interfaces. Last path segment, no generics.
    pub bases: Vec<String>,
    /// Composition: type names this type holds in fields or attributes (Python
    /// `self.x = Foo(...)` in a method, Java/TS field types, Go/Rust struct field types,
    /// including type arguments such as `Vec<Foo>` → `Foo`). Deduplicated, source order.
    pub fields: Vec<String>,
    /// Methods in source order (Rust and Go: from every `impl`/receiver in the same file).
    pub methods: Vec<Method>,
}

/// One method of a type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    /// The method name.
    pub name: String,
    /// Parameter names (no `self`/`this`/receiver, no types).
    pub params: Vec<String>,
    /// Public by the language's convention (Python: no leading `_`; Java/TS: not
    /// `private`/`protected`, no `#`; Go: capitalised; Rust: `pub`).
    pub public: bool,
}

/// One function or method, for the call graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionFacts {
    /// `name` for a free function, `Type.method` for a method (Go receiver type, Rust
    /// `impl` type, Python/Java/TS class). Nested functions are not listed separately:
    /// their calls count for the enclosing function.
    pub qualname: String,
    /// Calls in source order, duplicates kept (the graph counts them).
    pub calls: Vec<Call>,
}

/// One call expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The called name: `f` for `f()`, `Type.m` for `self.m()` / `this.m()` / `Self::m()`
    /// (the extractor knows the enclosing type), `m` for `obj.m()`, `F` for `pkg.F()`.
    pub callee: String,
    /// What the call went through, so the resolver can prefer the right target.
    pub via: CallVia,
}

/// How a call named its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallVia {
    /// A bare name: `f()`.
    Bare,
    /// The enclosing object or type: `self.m()`, `this.m()`, `Self::m()`; `callee` is
    /// already `Type.m`.
    SelfRef,
    /// A qualifier the extractor cannot resolve: `obj.m()`, `pkg.F()`, `Type::f()`; the
    /// qualifier text is kept (`obj`, `pkg`, `Type`).
    Qualified(String),
}

/// What resolvers may consult about the project.
#[derive(Debug, Clone, Default)]
pub struct ProjectIndex {
    /// Every scanned source file, relative to the repository root, `/`-separated.
    pub files: BTreeSet<String>,
    /// Go modules: (directory of `go.mod` relative to the root, `""` for the root; the
    /// `module` path it declares).
    pub go_modules: Vec<(String, String)>,
}

impl ProjectIndex {
    /// Whether `path` is a scanned file.
    pub fn has(&self, path: &str) -> bool {
        self.files.contains(path)
    }
}
