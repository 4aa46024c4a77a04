//! The CI pipeline from `ci:` in pactkit.yaml: `templates/ci/github.yml` becomes
//! `.github/workflows/pactkit.yml` (deployment root `.github/`), `templates/ci/gitlab.yml`
//! becomes `ci/pactkit.gitlab-ci.yml` (root `ci/`), which the project's `.gitlab-ci.yml`
//! pulls in with `include: - local: ci/pactkit.gitlab-ci.yml` — we never edit the user's
//! `.gitlab-ci.yml`. `{{placeholder}}`s are filled from `ci:` and the detected stack.

use super::layout::Scope;
use super::project;
use super::render::Output;
use crate::config::{CiProvider, Config};
use crate::infra::error::Error;
use std::path::{Path, PathBuf};

/// Where CI installs pactkit from (`cargo install --git`), when Cargo.toml names no repository.
const DEFAULT_REPO_URL: &str = "https://github.com/pactkit/pactkit";

/// Where CI files go for a scope: the project, or the `--target` directory.
fn base(scope: &Scope, project: Option<&Path>) -> Option<PathBuf> {
    match scope {
        Scope::TargetHome(dir) | Scope::TargetProject(dir) => Some(dir.clone()),
        Scope::Project(dir) => Some(dir.clone()),
        Scope::Home => project.map(Path::to_path_buf),
    }
}

/// Both possible CI roots (for uninstall).
pub fn roots(scope: &Scope, project: Option<&Path>) -> Vec<PathBuf> {
    base(scope, project)
        .map(|b| vec![b.join(".github"), b.join("ci")])
        .unwrap_or_default()
}

struct StackCi {
    version: &'static str,
    setup: &'static str,
    version_key: &'static str,
    install: &'static str,
    test: &'static str,
    image: &'static str,
}

fn stack_ci(stack: Option<&str>) -> StackCi {
    match stack {
        Some("node") => StackCi {
            version: "20",
            setup: "actions/setup-node@v4",
            version_key: "node-version",
            install: "npm ci",
            test: "npm test",
            image: "node",
        },
        Some("go") => StackCi {
            version: "1.22",
            setup: "actions/setup-go@v5",
            version_key: "go-version",
            install: "go mod download",
            test: "go test ./...",
            image: "golang",
        },
        Some("java") => StackCi {
            version: "21",
            setup: "actions/setup-java@v4",
            version_key: "java-version",
            install: "mvn -B dependency:resolve",
            test: "mvn -B test",
            image: "maven",
        },
        _ => StackCi {
            version: "3.11",
            setup: "actions/setup-python@v5",
            version_key: "python-version",
            install: "pip install -e .",
            test: "python -m pytest",
            image: "python",
        },
    }
}

/// The CI root and file for the configured provider; `None` when `ci.provider` is `none`.
pub fn render(
    scope: &Scope,
    project: Option<&Path>,
    config: &Config,
) -> Result<Option<(PathBuf, Vec<Output>)>, Error> {
    let ci = &config.ci;
    let (dir, file) = match ci.provider {
        CiProvider::Github => (".github", "workflows/pactkit.yml"),
        CiProvider::Gitlab => ("ci", "pactkit.gitlab-ci.yml"),
        CiProvider::None => return Ok(None),
    };
    let Some(base) = base(scope, project) else {
        return Err(Error::environment(
            "the CI pipeline belongs to a repository: run inside one, or use --target",
        ));
    };
    let Some(template) = super::catalog::ci_template(ci.provider.as_str()) else {
        return Err(
            Error::config(format!("no CI template for `{}`", ci.provider))
                .hint("report this as a pactkit bug"),
        );
    };
    let name = template.path;
    let template = template.source;
    let stack = project.and_then(project::primary_stack);
    let s = stack_ci(stack.as_deref());
    let version = ci
        .language_version
        .clone()
        .unwrap_or_else(|| s.version.to_owned());
    let values: Vec<(&str, String)> = vec![
        ("runner", ci.runner.clone()),
        ("language_version", version.clone()),
        (
            "github_host",
            if ci.github_host.is_empty() {
                "github.com".to_owned()
            } else {
                ci.github_host.clone()
            },
        ),
        (
            "repo_url",
            match env!("CARGO_PKG_REPOSITORY") {
                "" => DEFAULT_REPO_URL,
                url => url,
            }
            .to_owned(),
        ),
        ("actions_ref", ci.actions_ref.clone()),
        ("setup_action", s.setup.to_owned()),
        ("setup_input", s.version_key.to_owned()),
        (
            "install_command",
            ci.install_cmd
                .clone()
                .unwrap_or_else(|| s.install.to_owned()),
        ),
        ("test_command", s.test.to_owned()),
        ("image", s.image.to_owned()),
        ("stack", stack.unwrap_or_else(|| "auto".into())),
        ("pactkit_version", env!("CARGO_PKG_VERSION").to_owned()),
    ];
    // The template's header documents its placeholders; the generated file says where it came from.
    let body: String = template
        .lines()
        .skip_while(|l| l.starts_with('#'))
        .map(|l| format!("{l}\n"))
        .collect();
    let header = format!(
        "# Generated by `pactkit init` from templates/{name} and `ci:` in pactkit.yaml.\n# `pactkit update` replaces it while unedited; once you edit it, updates land beside it.\n"
    );
    let text = fill(&format!("{header}{body}"), &values).map_err(|p| {
        Error::config(format!("templates/{name}: unknown placeholder {{{{{p}}}}}"))
            .hint("report this as a pactkit bug")
    })?;
    let root = base.join(dir);
    Ok(Some((
        root.clone(),
        vec![Output::File {
            path: root.join(file),
            bytes: text.into_bytes(),
            template: name.to_owned(),
        }],
    )))
}

/// Replaces `{{name}}` placeholders; GitHub's own `${{ … }}` expressions are left alone.
fn fill(template: &str, values: &[(&str, String)]) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(at) = rest.find("{{") {
        let is_expression = rest[..at].ends_with('$');
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[at..]);
            return Ok(out);
        };
        let key = after[..end].trim();
        if is_expression {
            out.push_str(&rest[at..at + 2 + end + 2]);
        } else {
            match values.iter().find(|(k, _)| *k == key) {
                Some((_, v)) => out.push_str(v),
                None => return Err(key.to_owned()),
            }
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_fill_and_github_expressions_stay() {
        let values = vec![("runner", "ubuntu-latest".to_owned())];
        assert_eq!(
            fill("a {{runner}} ${{ github.sha }}", &values).unwrap(),
            "a ubuntu-latest ${{ github.sha }}"
        );
        assert_eq!(fill("{{nope}}", &values).unwrap_err(), "nope");
    }

    #[test]
    fn both_templates_fill_completely() {
        for provider in [CiProvider::Github, CiProvider::Gitlab] {
            let mut config = Config::default();
            config.ci.provider = provider;
            let out = render(&Scope::Project(PathBuf::from("/r")), None, &config)
                .unwrap()
                .unwrap();
            let Output::File { bytes, .. } = &out.1[0] else {
                panic!()
            };
            let text = String::from_utf8_lossy(bytes);
            let value: serde_yaml_ng::Value = serde_yaml_ng::from_str(&text).unwrap();
            assert!(value.is_mapping(), "{text}");
        }
    }
}
