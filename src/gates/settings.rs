//! Every setting a gate refuses, found up front: the gates validate their settings when
//! they run (and then cannot run, so every commit is blocked with "could not run"); the
//! configuration loader asks here instead, so `pactkit config check` fails on them and
//! every command warns, each problem at its own key, all of them at once. The checks are
//! the gates' own validators, run one entry at a time.

use crate::config::Config;

/// A refused setting: (dotted key, what is wrong).
pub type Problem = (String, String);

/// Every setting of `config` a gate would refuse.
pub fn problems(config: &Config) -> Vec<Problem> {
    let mut out = Vec::new();
    commit_msg(config, &mut out);
    secrets(config, &mut out);
    coverage(config, &mut out);
    branch(config, &mut out);
    regression(config, &mut out);
    lint(config, &mut out);
    spec(config, &mut out);
    out
}

/// A validator's message without its own `gates.…: ` origin (the key says where).
fn without_origin(message: &str) -> String {
    match message.split_once(": ") {
        Some((origin, rest)) if origin.starts_with("gates.") => rest.to_owned(),
        _ => message.to_owned(),
    }
}

fn push(out: &mut Vec<Problem>, key: String, message: &str) {
    out.push((key, without_origin(message)));
}

fn commit_msg(config: &Config, out: &mut Vec<Problem>) {
    for (key, message) in config.gates.commit_msg.errors() {
        push(out, format!("gates.commit-msg.{key}"), &message);
    }
}

fn secrets(config: &Config, out: &mut Vec<Problem>) {
    let settings = &config.gates.secrets;
    for (n, entry) in settings.allow.iter().enumerate() {
        let mut allow = crate::secrets::allow::AllowList::default();
        if let Err(err) = allow.add_config(std::slice::from_ref(entry)) {
            // The entry itself is not repeated: it may hold part of a secret.
            let message = format!("invalid regular expression: {}", err.reason);
            push(out, format!("gates.secrets.allow[{n}]"), &message);
        }
    }
    for (n, glob) in settings.exclude.iter().enumerate() {
        if let Err(err) = super::secrets::exclude_set(std::slice::from_ref(glob)) {
            push(out, format!("gates.secrets.exclude[{n}]"), &err);
        }
    }
    let entropy = settings.min_entropy;
    if !entropy.is_finite() || entropy < 0.0 {
        let message = format!("must be a number of bits per character, 0 or more; found {entropy}");
        push(out, "gates.secrets.min_entropy".into(), &message);
    }
}

fn coverage(config: &Config, out: &mut Vec<Problem>) {
    let thresholds = super::coverage::thresholds(&config.gates.coverage);
    if let Err(err) = thresholds.validate() {
        push(out, "gates.coverage".into(), &err);
    }
}

fn branch(config: &Config, out: &mut Vec<Problem>) {
    for (n, pattern) in config.gates.branch.protected.iter().enumerate() {
        if let Err(err) = super::branch::protected_set(std::slice::from_ref(pattern)) {
            push(out, format!("gates.branch.protected[{n}]"), &err);
        }
    }
}

fn regression(config: &Config, out: &mut Vec<Problem>) {
    let patterns = &config.gates.regression.full_patterns;
    for (n, pattern) in patterns.iter().enumerate() {
        if let Err(err) = crate::stack::regression::full_patterns(std::slice::from_ref(pattern)) {
            let message = format!("invalid glob `{}`: {}", err.pattern, err.source);
            push(
                out,
                format!("gates.regression.full_patterns[{n}]"),
                &message,
            );
        }
    }
}

fn lint(config: &Config, out: &mut Vec<Problem>) {
    use crate::lint::tools::LintStack;
    let names: Vec<&str> = LintStack::ALL.iter().map(|s| s.name()).collect();
    for stack in config.gates.lint.commands.keys() {
        if LintStack::parse(stack).is_none() {
            let message = format!(
                "unknown stack `{stack}`: its command would never run; the stacks are {}",
                names.join(", ")
            );
            push(out, format!("gates.lint.commands.{stack}"), &message);
        }
    }
}

fn spec(config: &Config, out: &mut Vec<Problem>) {
    if config.gates.spec.specs_dir.trim().is_empty() {
        push(
            out,
            "gates.spec.specs_dir".into(),
            "must name a directory (docs/specs by default)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_accepted() {
        assert_eq!(problems(&Config::default()), Vec::<Problem>::new());
    }

    #[test]
    fn every_refused_setting_is_reported_at_its_key() {
        let yaml = "gates:
  commit-msg:
    ignores: ['(', 'ok', '[']
    rules:
      header-max-length: [2, always, -1]
      type-enum: [2, always, 3]
    references: {level: 7}
  secrets:
    allow: ['(x', 'fine']
    exclude: ['[a']
    min_entropy: .nan
  coverage: {pass: 101}
  branch: {protected: ['main', '[b']}
  regression: {full_patterns: ['[c']}
  lint: {commands: {pyhton: {check: x}}}
";
        let config: Config = serde_yaml_ng::from_str(yaml).expect("config");
        let keys: Vec<String> = problems(&config).into_iter().map(|(key, _)| key).collect();
        assert_eq!(
            keys,
            [
                "gates.commit-msg.rules.header-max-length",
                "gates.commit-msg.rules.type-enum",
                "gates.commit-msg.ignores[0]",
                "gates.commit-msg.ignores[2]",
                "gates.commit-msg.references.level",
                "gates.secrets.allow[0]",
                "gates.secrets.exclude[0]",
                "gates.secrets.min_entropy",
                "gates.coverage",
                "gates.branch.protected[1]",
                "gates.regression.full_patterns[0]",
                "gates.lint.commands.pyhton",
            ]
        );
    }

    #[test]
    fn messages_do_not_repeat_the_key_or_a_secret() {
        let config: Config =
            serde_yaml_ng::from_str("gates:\n  secrets:\n    allow: ['ghp_(abc']\n")
                .expect("config");
        let found = problems(&config);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].1.starts_with("invalid regular expression: "),
            "{found:?}"
        );
        assert!(!found[0].1.contains("ghp_"), "{found:?}");
    }
}
