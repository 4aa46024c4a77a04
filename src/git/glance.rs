//! What `commit-msg FILE` needs from its repository — the work tree, the checked-out
//! branch and the git configuration that decides the message's clean-up — read without
//! opening the repository in gix. Opening builds the object and ref stores and 22
//! environment-override configuration sections (18 removed again as empty): about 0.36 M
//! of the run's 0.82 M instructions, for three configuration values.
//!
//! Only the plain shape is read here: a work tree with a `.git` directory found by the
//! same upward search gix uses, owned by the current user, no `GIT_DIR`-style variable
//! set, repository format 0 or 1 without extensions, and no setting that moves the work
//! tree (not even from a file the local configuration includes).
//! Anything else is `None`, and the caller opens the repository in gix as before. The
//! configuration is the cascade gix builds on opening (system unless
//! `GIT_CONFIG_NOSYSTEM`, global, the repository's own, includes and conditional
//! includes resolved with the git directory and branch, then `GIT_CONFIG_COUNT`/`KEY_n`/
//! `VALUE_n`), minus the gitoxide-specific environment overrides, none of which sets a
//! key pactkit reads here. Both start from the directory as git spells it
//! ([`super::discover::git_spelling`]: `$PWD` at the top of a work tree reached through a
//! symbolic link), which `includeIf "gitdir:…"` is matched against.

use gix::bstr::{BString, ByteSlice};
use gix::config::{File, Source, file::Metadata};
use std::path::{Path, PathBuf};

/// Variables that point git somewhere else than the upward search would: left to gix.
const RELOCATING: [&str; 5] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_CEILING_DIRECTORIES",
    "GIT_DISCOVERY_ACROSS_FILESYSTEM",
];

/// Local switches that change how the repository is read, unless false (`git init`
/// writes `core.bare = false`): left to gix. (Extensions, `extensions.worktreeConfig` and
/// `extensions.refStorage` among them, are refused by [`plain_format`]; `core.worktree` is
/// looked for in the whole cascade, includes too.)
const SWITCHES: [&str; 2] = ["core.bare", "core.precomposeUnicode"];

/// A plain repository's work tree, branch and configuration.
pub struct Glance {
    workdir: PathBuf,
    /// HEAD's branch (`refs/heads/…`); `None` when HEAD is detached.
    branch: Option<gix::refs::FullName>,
    config: File,
}

impl std::fmt::Debug for Glance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Glance")
            .field("workdir", &self.workdir)
            .field("branch", &self.branch)
            .finish_non_exhaustive()
    }
}

impl Glance {
    /// Reads the repository containing `dir` when it has the plain shape; `None` otherwise
    /// (also when there is none, or anything cannot be read: the full open decides).
    pub fn of(dir: &Path) -> Option<Glance> {
        if RELOCATING
            .iter()
            .any(|var| crate::infra::env::var_os(var).is_some())
        {
            return None;
        }
        let spelled = super::discover::git_spelling(dir);
        let (path, trust) = gix::discover::upwards_opts(
            spelled.as_deref().unwrap_or(dir),
            gix::discover::upwards::Options::default(),
        )
        .ok()?;
        if trust != gix::sec::Trust::Full {
            return None;
        }
        let gix::discover::repository::Path::WorkTree(work_dir) = path else {
            return None;
        };
        let repository = work_dir.join(".git");
        let work_dir = match spelled {
            Some(pwd) if pwd == work_dir => dir.to_path_buf(),
            _ => work_dir,
        };
        if repository.join("commondir").exists() {
            return None;
        }
        let local = File::from_path_no_includes(repository.join("config"), Source::Local).ok()?;
        let switched = SWITCHES
            .iter()
            .any(|key| !matches!(local.boolean(*key), Ok(None | Some(false))));
        if switched || !plain_format(&local) {
            return None;
        }
        let branch = head_branch(&repository)?;
        let config = cascade(local, &repository, branch.as_ref())?;
        // The local file or one it includes (inside the git directory) moves the work tree.
        if config.raw_value("core.worktree").is_ok() {
            return None;
        }
        Some(Glance {
            workdir: work_dir,
            branch,
            config,
        })
    }

    /// The root of the work tree.
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// The checked-out branch's short name; `None` on a detached HEAD.
    pub fn current_branch(&self) -> Option<String> {
        let name = self.branch.as_ref()?;
        Some(name.as_ref().shorten().to_str_lossy().into_owned())
    }

    /// A string value of the configuration, `git -c` (`GIT_CONFIG_PARAMETERS`) first, as
    /// [`super::Repo::config_string`] reads it.
    pub fn config_string(&self, key: &str) -> Option<String> {
        super::discover::config_value(&self.config, key)
    }
}

/// Repository format 0 or 1 (or unset) and no `extensions` at all: the format every
/// reader agrees on. gix refuses some other combinations on opening (an unknown version,
/// an object format under version 0), and git refuses them too; those are left to the full
/// open, which reports them, rather than read here as if they were plain.
fn plain_format(local: &File) -> bool {
    let version_known = match local.raw_value("core.repositoryFormatVersion") {
        Err(_) => true,
        Ok(value) => matches!(value.trim_ascii(), b"0" | b"1"),
    };
    version_known && local.sections_by_name("extensions").is_none()
}

/// HEAD as git writes it: `ref: refs/heads/<name>` (`Some(Some(..))`) or a detached object
/// id (`Some(None)`); anything else (another symbolic target, a reftable stub) is `None`.
fn head_branch(git_dir: &Path) -> Option<Option<gix::refs::FullName>> {
    let head = std::fs::read(git_dir.join("HEAD")).ok()?;
    let head = head.strip_suffix(b"\n")?;
    if let Some(target) = head.strip_prefix(b"ref: ") {
        if !target.starts_with(b"refs/heads/") {
            return None;
        }
        return gix::refs::FullName::try_from(BString::from(target))
            .ok()
            .map(Some);
    }
    let detached = matches!(head.len(), 40 | 64) && head.iter().all(u8::is_ascii_hexdigit);
    detached.then_some(None)
}

/// The configuration gix assembles on opening (`gix::config::cache::init::load`), for
/// the plain shape: global files, then `local`, includes, then `GIT_CONFIG_COUNT`.
fn cascade(local: File, git_dir: &Path, branch: Option<&gix::refs::FullName>) -> Option<File> {
    let home = gix::path::env::home_dir();
    let install_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(Path::to_path_buf));
    let interpolate = gix::config::path::interpolate::Context {
        git_install_dir: install_dir.as_deref(),
        home_dir: home.as_deref(),
        home_for_user: Some(gix::config::path::interpolate::home_for_user),
    };
    let options = gix::config::file::init::Options {
        includes: gix::config::file::includes::Options::follow(
            interpolate,
            gix::config::file::includes::conditional::Context {
                git_dir: Some(git_dir),
                branch_name: branch.map(AsRef::as_ref),
            },
        ),
        lossy: false,
        ignore_io_errors: true,
    };
    let mut env = source_env;
    let metas = [Source::System, Source::Git, Source::User]
        .into_iter()
        .filter(|source| *source != Source::System || !no_system())
        .filter_map(|source| {
            let path = source.storage_location(&mut env)?;
            Some(Metadata::from(source).at(path).with(gix::sec::Trust::Full))
        });
    let mut buf = Vec::new();
    let mut config = File::from_paths_metadata_buf(
        &mut metas.into_iter(),
        &mut buf,
        false,
        gix::config::file::init::Options {
            includes: gix::config::file::includes::Options::no_follow(),
            ..options
        },
    )
    .ok()?
    .unwrap_or_default();
    config.append(local).ok()?;
    config.resolve_includes(options).ok()?;
    config
        .append(File::from_env(options).ok()?.unwrap_or_default())
        .ok()?;
    Some(config)
}

/// The variables the configuration's file locations come from, as gix reads them.
fn source_env(name: &str) -> Option<std::ffi::OsString> {
    match name {
        "HOME" => gix::path::env::home_dir().map(Into::into),
        _ if name.starts_with("GIT_") || name == "XDG_CONFIG_HOME" => gix::path::env::var(name),
        _ => None,
    }
}

/// `GIT_CONFIG_NOSYSTEM` set to a true value.
fn no_system() -> bool {
    source_env("GIT_CONFIG_NOSYSTEM")
        .and_then(|value| gix::config::Boolean::try_from(value).ok())
        .is_some_and(|value| value.0)
}

#[cfg(test)]
mod tests {
    use super::Glance;
    use crate::git::testutil::TempRepo;

    const KEYS: [&str; 4] = [
        "commit.cleanup",
        "commit.verbose",
        "core.commentChar",
        "pactkit.missing",
    ];

    /// The glance sees what the full open sees (both read this process's environment).
    fn assert_agrees(t: &TempRepo, rel: &str) {
        agrees_at(&t.root().join(rel));
    }

    fn agrees_at(dir: &std::path::Path) {
        let glance = Glance::of(dir).expect("plain shape");
        let repo = crate::git::Repo::discover(dir).expect("discover");
        assert_eq!(glance.workdir(), repo.workdir());
        assert_eq!(glance.current_branch(), repo.current_branch());
        for key in KEYS {
            assert_eq!(glance.config_string(key), repo.config_string(key), "{key}");
        }
    }

    #[test]
    fn a_plain_repository_reads_as_the_full_open_reads_it() {
        let t = TempRepo::new();
        t.write("sub/dir/a.txt", "a\n");
        assert_agrees(&t, "");
        t.git(&["config", "commit.cleanup", "strip"]);
        t.git(&["config", "core.commentChar", ";"]);
        t.commit_all("one");
        assert_agrees(&t, "sub/dir");
        t.git(&["checkout", "-q", "--detach"]);
        assert_agrees(&t, "");
        assert_eq!(Glance::of(t.root()).expect("plain").current_branch(), None);
    }

    #[test]
    fn includes_and_branch_conditions_are_resolved() {
        let t = TempRepo::new();
        t.write("README", "x\n").commit_all("one");
        let inc = t.temp().join("inc.cfg");
        std::fs::write(&inc, "[commit]\n\tverbose = true\n").expect("include");
        let onbranch = t.temp().join("onbranch.cfg");
        std::fs::write(&onbranch, "[commit]\n\tcleanup = verbatim\n").expect("include");
        t.git(&["config", "include.path", inc.to_str().expect("utf-8")]);
        t.git(&[
            "config",
            "includeIf.onbranch:feature/**.path",
            onbranch.to_str().expect("utf-8"),
        ]);
        assert_agrees(&t, "");
        let glance = Glance::of(t.root()).expect("plain");
        assert_eq!(
            glance.config_string("commit.verbose").as_deref(),
            Some("true")
        );
        assert_eq!(glance.config_string("commit.cleanup"), None);
        t.git(&["checkout", "-q", "-b", "feature/x"]);
        assert_agrees(&t, "");
        let glance = Glance::of(t.root()).expect("plain");
        assert_eq!(
            glance.config_string("commit.cleanup").as_deref(),
            Some("verbatim")
        );
    }

    #[test]
    fn other_shapes_are_left_to_the_full_open() {
        let t = TempRepo::new();
        t.write("README", "x\n").commit_all("one");
        let wt = t.temp().join("wt");
        t.git(&["worktree", "add", "-q", wt.to_str().expect("utf-8")]);
        assert!(Glance::of(&wt).is_none(), "linked worktree");
        t.git(&["config", "extensions.worktreeConfig", "true"]);
        assert!(Glance::of(t.root()).is_none(), "worktree config");
        t.git(&["config", "--unset", "extensions.worktreeConfig"]);
        assert!(Glance::of(t.root()).is_some());
        t.git(&["config", "core.worktree", t.root().to_str().expect("utf-8")]);
        assert!(Glance::of(t.root()).is_none(), "core.worktree");
        let outside = assert_fs::TempDir::new().expect("temp");
        assert!(Glance::of(outside.path()).is_none(), "no repository");
    }

    #[test]
    fn formats_and_included_work_trees_are_left_to_the_full_open() {
        let t = TempRepo::new();
        t.write("README", "x\n").commit_all("one");
        assert!(Glance::of(t.root()).is_some());
        t.git(&["config", "core.repositoryFormatVersion", "2"]);
        assert!(Glance::of(t.root()).is_none(), "unknown format version");
        // git refuses to touch a repository of an unknown version: edit the file back.
        let config = t.root().join(".git/config");
        let text = std::fs::read_to_string(&config).expect("config");
        std::fs::write(
            &config,
            text.replace("repositoryFormatVersion = 2", "repositoryFormatVersion = 1"),
        )
        .expect("config");
        assert!(Glance::of(t.root()).is_some(), "version 1");
        t.git(&["config", "extensions.noop", "true"]);
        assert!(Glance::of(t.root()).is_none(), "an extension");
        t.git(&["config", "--remove-section", "extensions"]);
        assert!(Glance::of(t.root()).is_some());
        // core.worktree from a file inside the git directory, through an include.
        t.write(".git/moved.cfg", "[core]\n\tworktree = /elsewhere\n");
        t.git(&["config", "include.path", "moved.cfg"]);
        assert!(Glance::of(t.root()).is_none(), "an included core.worktree");
    }

    #[test]
    fn gitdir_conditions_relative_and_missing_includes_agree() {
        let t = TempRepo::new();
        t.write("README", "x\n").commit_all("one");
        let root = t.root().to_str().expect("utf-8").to_owned();
        let strip = t.temp().join("strip.cfg");
        std::fs::write(&strip, "[commit]\n\tcleanup = strip\n").expect("include");
        let semicolon = t.temp().join("semicolon.cfg");
        std::fs::write(&semicolon, "[core]\n\tcommentChar = \";\"\n").expect("include");
        let verbatim = t.temp().join("verbatim.cfg");
        std::fs::write(&verbatim, "[commit]\n\tcleanup = verbatim\n").expect("include");
        t.write(".git/verbose.cfg", "[commit]\n\tverbose = true\n");
        let path = |p: &std::path::Path| p.to_str().expect("utf-8").to_owned();
        t.git(&[
            "config",
            &format!("includeIf.gitdir:{root}/.path"),
            &path(&strip),
        ]);
        let upper = format!("includeIf.gitdir/i:{}/.path", root.to_uppercase());
        t.git(&["config", &upper, &path(&semicolon)]);
        t.git(&[
            "config",
            "includeIf.gitdir:elsewhere/.path",
            &path(&verbatim),
        ]);
        t.git(&["config", "--add", "include.path", "verbose.cfg"]);
        t.git(&[
            "config",
            "--add",
            "include.path",
            &path(&t.temp().join("no.cfg")),
        ]);
        assert_agrees(&t, "");
        assert_agrees(&t, ".git");
        let glance = Glance::of(t.root()).expect("plain");
        for (key, want) in [
            ("commit.cleanup", "strip"),
            ("core.commentChar", ";"),
            ("commit.verbose", "true"),
        ] {
            assert_eq!(glance.config_string(key).as_deref(), Some(want), "{key}");
        }
    }

    #[test]
    fn other_formats_and_heads_agree_or_are_left_to_the_full_open() {
        let t = TempRepo::new();
        t.write("README", "x\n").commit_all("one");
        let sha256 = t.temp().join("sha256");
        let sha256_arg = sha256.to_str().expect("utf-8");
        t.git(&["init", "-q", "--object-format=sha256", sha256_arg]);
        t.git(&["-C", sha256_arg, "config", "commit.cleanup", "strip"]);
        // Its object format is an extension: read by the full open.
        assert!(Glance::of(&sha256).is_none(), "sha256");
        let repo = crate::git::Repo::discover(&sha256).expect("discover");
        assert_eq!(
            repo.config_string("commit.cleanup").as_deref(),
            Some("strip")
        );
        let reftable = t.temp().join("reftable");
        let made = t
            .git_cmd()
            .args(["init", "-q", "--ref-format=reftable"])
            .arg(&reftable)
            .status()
            .expect("git init");
        // Reftable needs git 2.45; an older git has nothing to compare.
        assert!(
            !made.success() || Glance::of(&reftable).is_none(),
            "reftable"
        );
        let separate = t.temp().join("separate");
        let separate_git = t.temp().join("separate.git");
        t.git(&[
            "init",
            "-q",
            "--separate-git-dir",
            separate_git.to_str().expect("utf-8"),
            separate.to_str().expect("utf-8"),
        ]);
        assert!(Glance::of(&separate).is_none(), ".git file");
        t.git(&["symbolic-ref", "HEAD", "refs/remotes/origin/main"]);
        assert!(Glance::of(t.root()).is_none(), "HEAD outside refs/heads");
        t.git(&["symbolic-ref", "HEAD", "refs/heads/main"]);
        let broken = t.temp().join("broken.cfg");
        std::fs::write(&broken, "[commit\n").expect("include");
        t.git(&["config", "include.path", broken.to_str().expect("utf-8")]);
        assert!(Glance::of(t.root()).is_none(), "malformed include");
        assert!(
            crate::git::Repo::discover(t.root()).is_err(),
            "git refuses it too"
        );
    }

    #[test]
    fn a_key_without_a_value_reads_as_true_in_both() {
        let t = TempRepo::new();
        t.write("README", "x\n").commit_all("one");
        let config = t.root().join(".git/config");
        let mut text = std::fs::read_to_string(&config).expect("config");
        text.push_str("[commit]\n\tverbose\n");
        std::fs::write(&config, &text).expect("config");
        assert_agrees(&t, "");
        let glance = Glance::of(t.root()).expect("plain");
        assert_eq!(
            glance.config_string("commit.verbose").as_deref(),
            Some("true")
        );
        text.push_str("[commit]\n\tverbose =\n");
        std::fs::write(&config, &text).expect("config");
        assert_agrees(&t, "");
        let glance = Glance::of(t.root()).expect("plain");
        assert_eq!(glance.config_string("commit.verbose").as_deref(), Some(""));
    }

    #[test]
    fn the_comment_setting_given_last_under_either_name_wins_in_both() {
        let t = TempRepo::new();
        t.write("README", "x\n").commit_all("one");
        let comment = |t: &TempRepo| {
            Glance::of(t.root())
                .expect("plain")
                .config_string("core.commentChar")
        };
        t.git(&["config", "core.commentString", "//"]);
        assert_agrees(&t, "");
        assert_eq!(comment(&t).as_deref(), Some("//"));
        t.git(&["config", "core.commentChar", "%"]);
        assert_agrees(&t, "");
        assert_eq!(comment(&t).as_deref(), Some("%"));
        t.git(&["config", "--unset", "core.commentString"]);
        t.git(&["config", "core.commentString", "!!"]);
        assert_agrees(&t, "");
        assert_eq!(comment(&t).as_deref(), Some("!!"));
    }
}
