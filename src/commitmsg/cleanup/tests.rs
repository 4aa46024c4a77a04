//! The clean-up against what git 2.47 stored for the same files and command lines
//! (observed with a commit-msg hook that copied its file and the stored commit).

use super::*;

fn argv(line: &str) -> Vec<String> {
    line.split(' ').map(str::to_owned).collect()
}

/// What git stores for `raw` when `line` ran the hook (settings: none).
fn stored(line: &str, raw: &str) -> String {
    let args = argv(line);
    let invocation = Invocation {
        args: &args,
        terminal: None,
    };
    infer(Some(invocation), &GitSettings::default(), raw).apply(raw)
}

const EDITED: &str = "feat: from editor\n\n# Please enter the commit message for your changes. Lines starting\n\
    # with '#' will be ignored, and an empty message aborts the commit.\n#\n# On branch main\n\
    # Changes to be committed:\n#\tmodified:   a\n#\n";

const VERBOSE: &str = "feat: from editor\n\n# Please enter the commit message.\n#\n\
    # ------------------------ >8 ------------------------\n# Do not modify or remove the line above.\n\
    diff --git a/a b/a\n+d\n";

#[test]
fn strips_comments_and_whitespace() {
    let raw = "\n\nfeat: x   \n# comment\n\n\n\nbody\t\n\n# Please enter\n";
    assert_eq!(Cleanup::strip('#').apply(raw), "feat: x\n\nbody\n");
}

#[test]
fn handles_crlf() {
    assert_eq!(
        Cleanup::strip('#').apply("feat: x\r\n\r\nbody\r\n# c\r\n"),
        "feat: x\n\nbody\n"
    );
}

#[test]
fn cuts_at_scissors() {
    let raw = "fix: y\n\n# ------------------------ >8 ------------------------\ndiff --git a b\n";
    assert_eq!(Cleanup::strip('#').apply(raw), "fix: y\n");
    let no_newline = "fix: y\n# ------------------------ >8 ------------------------";
    assert_eq!(Cleanup::strip('#').apply(no_newline), "fix: y\n");
}

#[test]
fn honours_the_comment_char() {
    assert_eq!(
        Cleanup::strip(';').apply("fix: y\n; note\n# kept\n"),
        "fix: y\n# kept\n"
    );
    assert_eq!(
        Cleanup::strip('#').apply("  # indented is not a comment\n"),
        "  # indented is not a comment\n"
    );
}

#[test]
fn empty_and_comment_only_messages_clean_to_nothing() {
    assert_eq!(Cleanup::strip('#').apply(""), "");
    assert_eq!(Cleanup::strip('#').apply("# only\n\n   \n"), "");
    assert_eq!(Cleanup::strip('#').apply("no newline"), "no newline\n");
}

#[test]
fn a_message_given_on_the_command_line_keeps_its_comment_lines() {
    let raw = "#123 broken header\n\nfeat: fine\n";
    assert_eq!(stored("git commit -q -m #123 -m feat", raw), raw);
    assert_eq!(
        stored("git commit -F msg.txt", "# c1\nfeat: x\n# c2\n"),
        "# c1\nfeat: x\n# c2\n"
    );
    assert_eq!(stored("git commit -am x", raw), raw);
    assert_eq!(stored("git commit -C HEAD", raw), raw);
    assert_eq!(stored("git commit --fixup=HEAD", raw), raw);
    assert_eq!(
        stored("git commit --mess=x", raw),
        raw,
        "an abbreviated --message"
    );
    // The editor after all: -e, -c, --fixup=amend:, --amend alone.
    assert_eq!(stored("git commit -e -m x", raw), "feat: fine\n");
    assert_eq!(stored("git commit -c HEAD", raw), "feat: fine\n");
    assert_eq!(stored("git commit --fixup=amend:HEAD", raw), "feat: fine\n");
    assert_eq!(stored("git commit --amend", raw), "feat: fine\n");
}

#[test]
fn an_edited_message_loses_its_comment_lines() {
    assert_eq!(stored("git commit -q", EDITED), "feat: from editor\n");
    assert_eq!(stored("git commit -q -v", VERBOSE), "feat: from editor\n");
    assert_eq!(
        stored("/usr/lib/git-core/git commit", EDITED),
        "feat: from editor\n"
    );
}

#[test]
fn cleanup_modes_from_the_command_line() {
    let raw = "feat: verb  \n\n# kept\n";
    assert_eq!(stored("git commit --cleanup=verbatim -m x", raw), raw);
    assert_eq!(stored("git commit --cleanup verbatim", raw), raw);
    assert_eq!(stored("git commit --cle=verbatim", raw), raw);
    assert_eq!(
        stored("git commit --cleanup=strip -m x", raw),
        "feat: verb\n"
    );
    assert_eq!(
        stored("git commit --cleanup=whitespace", EDITED),
        Cleanup {
            mode: CleanupMode::Whitespace,
            comment_char: '#',
            cut_at_scissors: false
        }
        .apply(EDITED)
    );
    assert!(stored("git commit --cleanup=whitespace", EDITED).contains("# On branch main"));
    // scissors: whitespace, cut when edited; with -m there is no cut line to honour.
    let scissors =
        "feat: sc\n\n# ------------------------ >8 ------------------------\n# On branch main\n";
    assert_eq!(
        stored("git commit --cleanup=scissors", scissors),
        "feat: sc\n"
    );
    assert_eq!(
        stored(
            "git commit --cleanup=scissors -m x",
            "feat: sc\n\n# kept?\n"
        ),
        "feat: sc\n\n# kept?\n"
    );
    // The last --cleanup wins; --no-cleanup goes back to the default.
    assert_eq!(
        stored("git commit --cleanup=strip --cleanup=verbatim", raw),
        raw
    );
    assert_eq!(
        stored("git commit --cleanup=verbatim --no-cleanup", raw),
        "feat: verb\n"
    );
}

#[test]
fn config_on_the_command_line_and_in_settings() {
    let raw = "#y\n\nfeat: cfg strip\n";
    assert_eq!(
        stored("git -c commit.cleanup=strip commit -q -m #y", raw),
        "feat: cfg strip\n"
    );
    assert_eq!(
        stored(
            "git -C /tmp/x -c core.commentChar=; commit -q",
            "#z\n\n; Please enter\n"
        ),
        "#z\n"
    );
    // `core.commentString` is the same setting; the last one given wins.
    assert_eq!(
        stored(
            "git -c core.commentChar=; -c core.commentString=// commit -q",
            "#z\n\n// Please enter\n"
        ),
        "#z\n"
    );
    let args = argv("git commit -m x");
    let settings = GitSettings {
        cleanup: Some("strip".into()),
        ..GitSettings::default()
    };
    let invocation = Some(Invocation {
        args: &args,
        terminal: None,
    });
    assert_eq!(
        infer(invocation, &settings, raw).apply(raw),
        "feat: cfg strip\n"
    );
    assert_eq!(without_editor(&settings).mode, CleanupMode::Strip);
    assert_eq!(
        without_editor(&GitSettings::default()).mode,
        CleanupMode::Whitespace
    );
}

#[test]
fn merges_edit_only_when_told_or_on_a_terminal() {
    let raw = "Merge branch 'feat2'\n\n# Conflicts:\n#\ta\n";
    // `git merge` without a terminal and `git commit --no-edit` keep git's conflict list.
    let args = argv("git merge --no-ff -q feat");
    let off_terminal = Invocation {
        args: &args,
        terminal: Some(false),
    };
    assert_eq!(
        infer(Some(off_terminal), &GitSettings::default(), raw).apply(raw),
        raw
    );
    assert_eq!(stored("git commit -q --no-edit", raw), raw);
    assert_eq!(
        stored("git merge --edit feat", raw),
        "Merge branch 'feat2'\n"
    );
    assert_eq!(stored("git merge -e feat", raw), "Merge branch 'feat2'\n");
    let args = argv("git merge feat");
    let on_terminal = Invocation {
        args: &args,
        terminal: Some(true),
    };
    let edited = "Merge branch 'feat'\n\n# Please enter a commit message to explain why this merge is necessary,\n";
    assert_eq!(
        infer(Some(on_terminal), &GitSettings::default(), edited).apply(edited),
        "Merge branch 'feat'\n"
    );
    let autoedit_off = GitSettings {
        merge_autoedit: Some("no".into()),
        ..GitSettings::default()
    };
    assert_eq!(infer(Some(on_terminal), &autoedit_off, raw).apply(raw), raw);
    // `--squash` is a flag of merge (not commit's --squash=<commit>): `--no-edit` still counts.
    assert_eq!(stored("git merge --squash --no-edit feat", raw), raw);
}

#[test]
fn without_a_command_line_the_file_tells() {
    let infer_alone = |raw: &str| infer(None, &GitSettings::default(), raw).apply(raw);
    assert_eq!(infer_alone(EDITED), "feat: from editor\n");
    assert_eq!(infer_alone(VERBOSE), "feat: from editor\n");
    let given = "#123 broken header\n\nfeat: fine\n";
    assert_eq!(infer_alone(given), given);
    // Other commands than commit and merge (rebase's reword) are judged by the file too.
    let args = argv("git rebase -i HEAD~2");
    let rebase = Some(Invocation {
        args: &args,
        terminal: None,
    });
    assert_eq!(
        infer(rebase, &GitSettings::default(), EDITED).apply(EDITED),
        "feat: from editor\n"
    );
}

#[test]
fn comment_char_auto_is_the_character_git_chose() {
    let auto = GitSettings {
        comment_char: Some("auto".into()),
        ..GitSettings::default()
    };
    let hash = "feat: x\n\n# Please enter\n";
    assert_eq!(infer(None, &auto, hash).comment_char, '#');
    // The message starts a line with `#`, so git's instructions use `;`.
    let semi = "#1 header\n\n; Please enter\n";
    assert_eq!(infer(None, &auto, semi).comment_char, ';');
    assert_eq!(infer(None, &auto, semi).apply(semi), "#1 header\n");
}

#[test]
fn stored_messages_are_linted_as_stored() {
    let raw = "feat: x  \n\n# not a comment in a commit\n";
    assert_eq!(Cleanup::STORED.apply(raw), raw);
}
