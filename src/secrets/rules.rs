//! The built-in secret detectors: one regular expression per kind of credential, compiled
//! on first need, and the hand-written assignment detector ([`super::assign`]), all behind
//! one literal-needle prefilter (a table built at compile time, see [`candidates`]): a line holding
//! none of a rule's needles never reaches its pattern.
//!
//! Invariant: in every pattern the first capture group that takes part in a match is the
//! secret itself; the scanner masks and fingerprints that group only. Rule ids are stable:
//! fingerprints in users' allow-lists are built from them.

use regex::Regex;
use std::sync::OnceLock;

/// What extra test a candidate must pass before it is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// A fixed format: the shape is proof enough, unless the body is filler (`xxxxxx`,
    /// `123456`) or a vendor's documented example. Words inside never override it.
    Format,
    /// A fixed prefix shared with ordinary words (`sk-…`): also mixed case and a digit.
    MixedAlnum,
    /// A short prefix before a weaker shape (`key-` and hex): also random enough for its
    /// alphabet.
    Random,
    /// No fixed prefix (a bearer token, a value after a provider's name): also not a
    /// placeholder, and random enough for its alphabet.
    Opaque,
    /// The password of a URL's user info: not a placeholder, not the user name again.
    UrlPassword,
    /// A password handed to a command or call (`curl -u user:pw`, `mysql -ppw`,
    /// `--password pw`, `auth=("user", "pw")`): not a placeholder or variable, six
    /// characters or more.
    PasswordArgument,
    /// A private-key header, unless the END line follows on the same line after a body
    /// too short to be a key (documentation: `-----BEGIN …-----\nXXXX\n-----END …`), or a
    /// quote closes the string right after it (a parser's marker constant).
    PrivateKey,
    /// `Authorization: Basic <base64>`: the decoded `user:password` must hold a password.
    BasicAuth,
    /// A value assigned to a secret-like name ([`super::assign`]).
    Assignment,
}

/// How a rule finds candidates.
#[derive(Debug, Clone, Copy)]
pub enum Detector {
    /// A regular expression whose first participating group is the secret.
    Pattern(&'static str),
    /// The hand-written assignment parser.
    Assignment,
}

/// One detector.
#[derive(Debug)]
pub struct Rule {
    /// Stable id, shown in findings and used in fingerprints.
    pub id: &'static str,
    /// Literal texts one of which every match contains (case-sensitive).
    pub needles: &'static [&'static str],
    /// The same, matched ignoring ASCII case (written in lower case).
    pub folded_needles: &'static [&'static str],
    /// What was found, for messages.
    pub description: &'static str,
    /// How candidates are found.
    pub detector: Detector,
    /// Extra test of the captured value.
    pub check: Check,
    /// True when the match itself is not secret (a PEM header) and may be shown whole.
    pub reveal: bool,
}

/// The rule id of the generic assignment detector (kept from when it was entropy-only:
/// allow-lists hold fingerprints made with it).
pub const ASSIGNMENT: &str = "high-entropy-assignment";

const fn format(
    id: &'static str,
    needles: &'static [&'static str],
    description: &'static str,
    pattern: &'static str,
) -> Rule {
    checked(id, needles, description, pattern, Check::Format)
}

const fn checked(
    id: &'static str,
    needles: &'static [&'static str],
    description: &'static str,
    pattern: &'static str,
    check: Check,
) -> Rule {
    Rule {
        id,
        needles,
        folded_needles: &[],
        description,
        detector: Detector::Pattern(pattern),
        check,
        reveal: false,
    }
}

const fn named(
    id: &'static str,
    folded_needles: &'static [&'static str],
    description: &'static str,
    pattern: &'static str,
    check: Check,
) -> Rule {
    Rule {
        folded_needles,
        ..checked(id, &[], description, pattern, check)
    }
}

/// Every detector, in report order: a value claimed by an earlier rule is not reported
/// again by a later one, so the specific formats come first and the generic ones last.
/// `\b` is rewritten to an ASCII word boundary when compiled, which keeps the DFA usable
/// on lines with non-ASCII text.
pub const RULES: &[Rule] = &[
    Rule {
        id: "private-key",
        needles: &["PRIVATE KEY"],
        folded_needles: &[],
        description: "private key",
        // What follows the header on its line, up to an END line or a closing quote, goes
        // into the match so the check can tell a documented stand-in
        // (`…-----\nXXXX\n-----END …`) or a parser's marker (`START = "-----BEGIN …-----"`).
        detector: Detector::Pattern(
            r#"(-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----)(?:[^-]{0,200}-----END|["'`])?"#,
        ),
        check: Check::PrivateKey,
        reveal: true,
    },
    Rule {
        id: "putty-private-key",
        needles: &["PuTTY-User-Key-File-"],
        folded_needles: &[],
        description: "PuTTY private key",
        detector: Detector::Pattern(r"(PuTTY-User-Key-File-[0-9]+: [a-z0-9\-]+)"),
        check: Check::Format,
        reveal: true,
    },
    format(
        "age-secret-key",
        &["AGE-SECRET-KEY-1"],
        "age secret key",
        r"\b(AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58})\b",
    ),
    // Only these prefixes are credentials; AIDA, AROA, AGPA, ANPA, … name users, roles,
    // groups and policies (AWS's unique ids) and are not secret.
    format(
        "aws-access-key-id",
        &["AKIA", "ASIA", "ABIA", "ACCA"],
        "AWS access key id",
        r"\b((?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16})\b",
    ),
    named(
        "aws-secret-access-key",
        &["aws"],
        "AWS secret access key",
        r#"\b(?i:aws_?(?:secret_?(?:access_?)?key|secret))\b["']?\s*(?::=|=>|=|:)\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
        Check::Format,
    ),
    format(
        "gcp-service-account-key",
        &["private_key_id"],
        "Google Cloud service-account key id",
        r#""private_key_id"\s*:\s*"([a-f0-9]{40})""#,
    ),
    format(
        "google-api-key",
        &["AIza"],
        "Google API key",
        r"\b(AIza[0-9A-Za-z_\-]{35})",
    ),
    format(
        "google-oauth-secret",
        &["GOCSPX-"],
        "Google OAuth client secret",
        r"\b(GOCSPX-[A-Za-z0-9_\-]{28})",
    ),
    checked(
        "google-oauth-token",
        &["ya29.", "1//0"],
        "Google OAuth access or refresh token",
        r"(?:\b|[^A-Za-z0-9])(ya29\.[A-Za-z0-9_\-]{30,}|1//0[A-Za-z0-9_\-]{40,})",
        Check::Random,
    ),
    checked(
        "firebase-cloud-messaging-key",
        &["AAAA"],
        "Firebase Cloud Messaging server key",
        r"\b(AAAA[A-Za-z0-9_\-]{7}:APA91b[A-Za-z0-9_\-]{120,})",
        Check::Random,
    ),
    Rule {
        id: "azure-storage-key",
        needles: &[],
        folded_needles: &["accountkey="],
        description: "Azure storage account key",
        detector: Detector::Pattern(r"(?i:AccountKey)=([A-Za-z0-9+/]{86}==)"),
        check: Check::Format,
        reveal: false,
    },
    checked(
        "azure-sas-token",
        &["sig="],
        "Azure shared access signature",
        r"[?&;]sig=([A-Za-z0-9%+/]{40,}(?:%3[Dd]|=)*)",
        Check::Random,
    ),
    checked(
        "azure-ad-client-secret",
        &["Q~"],
        "Azure AD (Entra) client secret",
        r"(?:^|[^A-Za-z0-9_~.\-])([A-Za-z0-9_~.\-]{3}[0-9]Q~[A-Za-z0-9_~.\-]{31,34})(?:[^A-Za-z0-9_~.\-]|$)",
        Check::Random,
    ),
    format(
        "github-token",
        &["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"],
        "GitHub token",
        r"\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{40,})\b",
    ),
    format(
        "gitlab-token",
        &[
            "glpat-",
            "gldt-",
            "glrt-",
            "glptt-",
            "glcbt-",
            "gloas-",
            "glsoat-",
            "glft-",
            "glimt-",
            "glagent-",
            "glffct-",
            "GR1348941",
        ],
        "GitLab token",
        r"\b((?:glpat|gldt|glrt|glptt|glcbt|gloas|glsoat|glft|glimt|glagent|glffct)-[A-Za-z0-9_\-]{20,}|GR1348941[A-Za-z0-9_\-]{20,})",
    ),
    format(
        "slack-token",
        &["xox", "xapp-"],
        "Slack token",
        r"\b(xox[abeoprs](?:\.xox[a-z])?-(?:[0-9]+-)*[A-Za-z0-9]{8,}(?:-[A-Za-z0-9]+)*|xapp-[0-9]+-[A-Z0-9]+-[0-9]+-[a-f0-9]{32,})",
    ),
    format(
        "slack-webhook",
        &["hooks.slack.com/"],
        "Slack incoming webhook",
        r"hooks\.slack\.com/(?:services|workflows|triggers)/([A-Za-z0-9]{8,}/[A-Za-z0-9_/\-]{16,})",
    ),
    format(
        "stripe-live-key",
        &["_live_"],
        "Stripe live secret key",
        r"\b((?:sk|rk)_live_[A-Za-z0-9]{20,})\b",
    ),
    checked(
        "stripe-webhook-secret",
        &["whsec_"],
        "Stripe webhook signing secret",
        r"\b(whsec_[A-Za-z0-9+/]{32,})",
        Check::Random,
    ),
    checked(
        "twilio-api-key",
        &["SK"],
        "Twilio API key",
        r"\b(SK[0-9a-f]{32})\b",
        Check::Random,
    ),
    format(
        "sendgrid-api-key",
        &["SG."],
        "SendGrid API key",
        r"\b(SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43})",
    ),
    checked(
        "mailgun-api-key",
        &["key-"],
        "Mailgun API key",
        r"\b(key-[0-9a-f]{32})\b",
        Check::Random,
    ),
    checked(
        "mailchimp-api-key",
        &["-us"],
        "Mailchimp API key",
        r"\b([0-9a-f]{32}-us[0-9]{1,2})\b",
        Check::Random,
    ),
    checked(
        "discord-bot-token",
        // The first part is the bot's numeric id in base64: "1…" → "MT", "2…" → "Mj", ….
        &["MT", "Mj", "Mz", "ND", "NT", "Nj", "Nz", "OD", "OT"],
        "Discord bot token",
        r"\b([MNO][A-Za-z0-9_\-]{23,27}\.[A-Za-z0-9_\-]{6}\.[A-Za-z0-9_\-]{27,38})(?:[^A-Za-z0-9_\-.]|$)",
        Check::Random,
    ),
    format(
        "discord-webhook",
        &["discord.com/api/webhooks/", "discordapp.com/api/webhooks/"],
        "Discord webhook",
        r"discord(?:app)?\.com/api/webhooks/([0-9]{17,20}/[A-Za-z0-9_\-]{60,68})",
    ),
    format(
        "telegram-bot-token",
        &[":AA"],
        "Telegram bot token",
        r"(?:^|[^0-9])([0-9]{8,10}:AA[A-Za-z0-9_\-]{33})(?:[^A-Za-z0-9_\-]|$)",
    ),
    format(
        "npm-token",
        &["npm_"],
        "npm access token",
        r"\b(npm_[A-Za-z0-9]{36})\b",
    ),
    format(
        "pypi-token",
        &["pypi-AgE"],
        "PyPI upload token",
        r"\b(pypi-AgE[A-Za-z0-9_\-]{50,})",
    ),
    format(
        "rubygems-api-key",
        &["rubygems_"],
        "RubyGems API key",
        r"\b(rubygems_[a-f0-9]{48})\b",
    ),
    checked(
        "nuget-api-key",
        &["oy2"],
        "NuGet API key",
        r"\b(oy2[a-z0-9]{43})\b",
        Check::Random,
    ),
    format(
        "docker-hub-token",
        &["dckr_pat_", "dckr_oat_"],
        "Docker Hub access token",
        r"\b(dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,})",
    ),
    named(
        "heroku-api-key",
        &["heroku"],
        "Heroku API key",
        r#"(?i:heroku)[A-Za-z0-9_\-]*(?i:key|token)["']?\s*(?::=|=>|=|:)\s*["']?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|HRKU-[A-Za-z0-9_\-]{30,})"#,
        Check::Opaque,
    ),
    format(
        "digitalocean-token",
        &["dop_v1_", "doo_v1_", "dor_v1_"],
        "DigitalOcean token",
        r"\b(do[por]_v1_[a-f0-9]{64})\b",
    ),
    format(
        "shopify-token",
        &["shpat_", "shpca_", "shppa_", "shpss_"],
        "Shopify access token",
        r"\b(shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32})\b",
    ),
    format(
        "square-token",
        &["sq0atp-", "sq0csp-", "EAAA"],
        "Square access token or secret",
        r"(?:^|[^A-Za-z0-9+/=_\-])(sq0atp-[A-Za-z0-9_\-]{22}|sq0csp-[A-Za-z0-9_\-]{43}|EAAA[A-Za-z0-9_\-]{60})(?:[^A-Za-z0-9+/=_\-]|$)",
    ),
    format(
        "braintree-token",
        &["access_token$production$"],
        "Braintree/PayPal production access token",
        r"(access_token\$production\$[0-9a-z]{16}\$[0-9a-f]{32})",
    ),
    Rule {
        id: "ai-api-key",
        needles: &["sk-"],
        folded_needles: &[],
        description: "OpenAI/Anthropic-style API key",
        detector: Detector::Pattern(
            r"\b(sk-(?:proj-|svcacct-|admin-|ant-[a-z]+[0-9]{2}-)?[A-Za-z0-9_\-]{32,})",
        ),
        check: Check::MixedAlnum,
        reveal: false,
    },
    checked(
        "huggingface-token",
        &["hf_", "api_org_"],
        "Hugging Face access token",
        r"\b((?:hf|api_org)_[A-Za-z]{34})\b",
        Check::Random,
    ),
    checked(
        "ai-provider-key",
        &["gsk_", "pplx-", "xai-", "r8_", "pcsk_", "lsv2_"],
        "AI provider API key (Groq, Perplexity, xAI, Replicate, Pinecone, LangSmith)",
        r"\b(gsk_[A-Za-z0-9]{52}|pplx-[A-Za-z0-9]{48}|xai-[A-Za-z0-9]{80}|r8_[A-Za-z0-9]{37}|pcsk_[A-Za-z0-9_]{50,}|lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})\b",
        Check::Random,
    ),
    format(
        "atlassian-api-token",
        &["ATATT3", "ATCTT3"],
        "Atlassian API token",
        r"\b(AT[AC]TT3[A-Za-z0-9_\-=]{150,})",
    ),
    checked(
        "databricks-token",
        &["dapi"],
        "Databricks access token",
        r"\b(dapi[a-f0-9]{32}(?:-[0-9]+)?)\b",
        Check::Random,
    ),
    format(
        "doppler-token",
        &[
            "dp.pt.",
            "dp.st.",
            "dp.sa.",
            "dp.ct.",
            "dp.scim.",
            "dp.audit.",
        ],
        "Doppler token",
        r"\b(dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44})\b",
    ),
    checked(
        "vault-token",
        &["hvs.", "hvb.", "hvr."],
        "HashiCorp Vault token",
        r"\b(hv[sbr]\.[A-Za-z0-9_\-]{24,})",
        Check::Random,
    ),
    format(
        "terraform-cloud-token",
        &[".atlasv1."],
        "Terraform Cloud/Enterprise token",
        r"\b([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_\-]{60,70})",
    ),
    format(
        "pulumi-token",
        &["pul-"],
        "Pulumi access token",
        r"\b(pul-[a-f0-9]{40})\b",
    ),
    format(
        "linear-api-key",
        &["lin_api_"],
        "Linear API key",
        r"\b(lin_api_[A-Za-z0-9]{40})\b",
    ),
    checked(
        "notion-token",
        &["ntn_", "secret_"],
        "Notion integration token",
        r"\b(ntn_[0-9]{11}[A-Za-z0-9]{32,36}|secret_[A-Za-z0-9]{43})\b",
        Check::MixedAlnum,
    ),
    named(
        "okta-api-token",
        &["okta"],
        "Okta API token",
        r#"(?i:okta)[A-Za-z0-9_\-]*(?i:token|key)["']?\s*(?::=|=>|=|:)\s*["']?(00[A-Za-z0-9_\-]{40})"#,
        Check::Opaque,
    ),
    format(
        "new-relic-key",
        &["NRAK-", "NRJS-", "NRII-", "NRAA-", "NRSP-"],
        "New Relic key",
        r"\b(NRAK-[A-Z0-9]{27}|NRJS-[a-f0-9]{19}|NRII-[A-Za-z0-9_\-]{32}|NRAA-[a-f0-9]{27}|NRSP-[a-z]{2}[0-9]{2}[a-f0-9]{31})\b",
    ),
    named(
        "datadog-key",
        &["dd_", "dd-", "datadog"],
        "Datadog API or application key",
        r#"(?i:datadog|\bdd)[_\-]?(?i:api|app(?:lication)?)[_\-]?(?i:key)["']?\s*(?::=|=>|=|:)\s*["']?([a-f0-9]{32}|[a-f0-9]{40})\b"#,
        Check::Opaque,
    ),
    format(
        "sentry-token",
        &["sntrys_", "sntryu_"],
        "Sentry auth token",
        r"\b(sntrys_[A-Za-z0-9+/=_]{40,}|sntryu_[a-f0-9]{64})",
    ),
    format(
        "grafana-token",
        &["glsa_", "glc_"],
        "Grafana token",
        r"\b(glsa_[A-Za-z0-9]{32}_[a-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2})",
    ),
    format(
        "postman-api-key",
        &["PMAK-"],
        "Postman API key",
        r"\b(PMAK-[a-f0-9]{24}-[a-f0-9]{34})\b",
    ),
    format(
        "dev-platform-token",
        &[
            "figd_", "sbp_", "pscale_", "rnd_", "nfp_", "fo1_", "CFPAT-", "bkua_", "sqp_", "squ_",
            "sqa_", "CCIPAT_", "pnu_", "tskey-", "CLOJARS_",
        ],
        "developer platform token (Figma, Supabase, PlanetScale, Render, Netlify, Fly.io, Contentful, Buildkite, SonarQube, CircleCI, Prefect, Tailscale, Clojars)",
        r"\b(figd_[A-Za-z0-9_\-]{40}|sbp_[a-f0-9]{40}|pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_\-.]{32,64}|rnd_[A-Za-z0-9]{32}|nfp_[A-Za-z0-9]{36}|fo1_[A-Za-z0-9_\-]{43}|CFPAT-[A-Za-z0-9_\-]{43}|bkua_[a-f0-9]{40}|sq[pua]_[a-f0-9]{40}|CCIPAT_[A-Za-z0-9]{22}_[a-f0-9]{40}|pnu_[A-Za-z0-9]{36}|tskey-(?:api|auth|client)-[A-Za-z0-9]{10,}-[A-Za-z0-9]{20,}|CLOJARS_[a-z0-9]{60})\b",
    ),
    format(
        "cloud-provider-key",
        &["LTAI", "dt0c01."],
        "cloud provider key (Alibaba Cloud, Dynatrace)",
        r"\b(LTAI[A-Za-z0-9]{20}|dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64})\b",
    ),
    format(
        "mapbox-secret-token",
        &["sk.eyJ"],
        "Mapbox secret token",
        r"\b(sk\.eyJ[A-Za-z0-9_\-]{20,}\.[A-Za-z0-9_\-]{20,})",
    ),
    format(
        "jwt",
        &["eyJ"],
        "JSON Web Token",
        r"\b(eyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,})",
    ),
    checked(
        "url-credentials",
        &["://"],
        "password in a URL",
        r"\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/?#@'\x22<>]*:([^\s/@'\x22<>]+)@[A-Za-z0-9\[_]",
        Check::UrlPassword,
    ),
    Rule {
        id: "password-argument",
        needles: &[" -u", " -p", "--password", "HTTPBasicAuth", "BasicAuth("],
        folded_needles: &["auth=("],
        description: "password passed as an argument",
        detector: Detector::Pattern(
            r#"(?:\s-u\s*['"]?[^\s:'"$]+:([^\s'"@]+)['"]?(?:\s|$)|\bmysql(?:dump|admin)?\b.*\s-p([^\s'"]{4,})|\s--password[ =]['"]?([^\s'"$-][^\s'"]*)|\blogin\b.*\s-p\s+['"]?([^\s'"$-][^\s'"]*)|(?i:auth)\s*=\s*\(\s*["'][^"']*["']\s*,\s*["']([^"']+)["']\s*\)|BasicAuth\(\s*["'][^"']*["']\s*,\s*["']([^"']+)["'])"#,
        ),
        check: Check::PasswordArgument,
        reveal: false,
    },
    Rule {
        id: "bearer-token",
        needles: &[],
        folded_needles: &["bearer ", "bearer\t"],
        description: "bearer token",
        detector: Detector::Pattern(r"(?i:bearer)[ \t]+([A-Za-z0-9\-._~+/]{20,}=*)"),
        check: Check::Opaque,
        reveal: false,
    },
    Rule {
        id: "basic-auth",
        needles: &[],
        folded_needles: &["basic "],
        description: "basic-auth credentials",
        detector: Detector::Pattern(
            r#"(?i:authorization|auth)\b[\s:="']{1,6}(?i:basic)[ \t]+([A-Za-z0-9+/]{8,}={0,2})"#,
        ),
        check: Check::BasicAuth,
        reveal: false,
    },
    Rule {
        id: ASSIGNMENT,
        needles: &[],
        folded_needles: &["pass", "pwd", "secret", "token", "key", "cred", "salt"],
        description: "secret assigned to a secret-like name",
        detector: Detector::Assignment,
        check: Check::Assignment,
        reveal: false,
    },
];

impl Rule {
    /// Whether a line holds one of the rule's needles (a slow path for tests; the scanner
    /// uses [`candidates`]).
    pub fn may_match(&self, line: &str) -> bool {
        let lower = line.to_ascii_lowercase();
        self.needles.iter().any(|n| line.contains(n))
            || self.folded_needles.iter().any(|n| lower.contains(n))
    }
}

/// The rules a line may match, as a bit set over [`RULES`] indices.
pub type RuleSet = u128;

const _: () = assert!(RULES.len() <= RuleSet::BITS as usize);

/// Every needle of every rule, indexed at compile time by its first two bytes: a line's
/// needles are found by looking each pair of adjacent bytes up. Nothing is built at run
/// time, so a text that needs no detector (most of a gate report passed through
/// [`super::redact`]) costs a lookup per byte. The Aho-Corasick automaton this replaces
/// took ~1.7 M instructions to build, paid by every hook run that printed a report; on the
/// secrets bench's lines the table also scans with ~40 % fewer instructions (callgrind).
struct NeedleIndex {
    /// The needles sorted by [`pair_key`] of their first two bytes.
    needles: [Needle; NEEDLES],
    /// `needles[starts[k]..starts[k + 1]]` are the needles whose key is `k`.
    starts: [u16; KEYS + 1],
}

#[derive(Clone, Copy)]
struct Needle {
    text: &'static str,
    /// Case-sensitive (from [`Rule::needles`]), or matched ignoring ASCII case.
    exact: bool,
    /// The index of its rule in [`RULES`].
    rule: u8,
}

/// The number of needles over all rules.
const NEEDLES: usize = {
    let mut count = 0;
    let mut i = 0;
    while i < RULES.len() {
        count += RULES[i].needles.len() + RULES[i].folded_needles.len();
        i += 1;
    }
    count
};

/// The number of distinct [`pair_key`]s.
const KEYS: usize = 1 << 10;

/// The low five bits of two bytes: an ASCII letter and its other case share a key, so a
/// folded needle is found whatever the case of the line (other bytes may share keys too;
/// that only costs a comparison).
const fn pair_key(first: u8, second: u8) -> usize {
    ((first & 31) as usize) << 5 | (second & 31) as usize
}

/// Collects every rule's needles and sorts them by key (a counting sort).
const fn needle_index() -> NeedleIndex {
    let blank = Needle {
        text: "",
        exact: true,
        rule: 0,
    };
    let mut all = [blank; NEEDLES];
    let mut n = 0;
    let mut rule = 0;
    while rule < RULES.len() {
        let (exact, folded) = (RULES[rule].needles, RULES[rule].folded_needles);
        let mut i = 0;
        while i < exact.len() + folded.len() {
            let (text, is_exact) = if i < exact.len() {
                (exact[i], true)
            } else {
                (folded[i - exact.len()], false)
            };
            assert!(text.len() >= 2, "a needle has two bytes or more");
            all[n] = Needle {
                text,
                exact: is_exact,
                rule: rule as u8,
            };
            n += 1;
            i += 1;
        }
        rule += 1;
    }
    let mut starts = [0u16; KEYS + 1];
    let mut i = 0;
    while i < NEEDLES {
        let bytes = all[i].text.as_bytes();
        starts[pair_key(bytes[0], bytes[1]) + 1] += 1;
        i += 1;
    }
    let mut k = 0;
    while k < KEYS {
        starts[k + 1] += starts[k];
        k += 1;
    }
    let mut next = starts;
    let mut needles = [blank; NEEDLES];
    let mut i = 0;
    while i < NEEDLES {
        let bytes = all[i].text.as_bytes();
        let key = pair_key(bytes[0], bytes[1]);
        needles[next[key] as usize] = all[i];
        next[key] += 1;
        i += 1;
    }
    NeedleIndex { needles, starts }
}

const _: () = assert!(NEEDLES < u16::MAX as usize && RULES.len() <= u8::MAX as usize);

static INDEX: NeedleIndex = needle_index();

/// The rules whose needles occur in `line`: one pass over its bytes, whatever the number
/// of rules.
pub fn candidates(line: &str) -> RuleSet {
    let bytes = line.as_bytes();
    let mut set: RuleSet = 0;
    for (at, pair) in bytes.windows(2).enumerate() {
        let key = pair_key(pair[0], pair[1]);
        let (from, to) = (INDEX.starts[key], INDEX.starts[key + 1]);
        if from == to {
            continue;
        }
        let rest = &bytes[at..];
        for needle in &INDEX.needles[usize::from(from)..usize::from(to)] {
            let text = needle.text.as_bytes();
            let Some(head) = rest.get(..text.len()) else {
                continue;
            };
            if (needle.exact && head == text) || (!needle.exact && head.eq_ignore_ascii_case(text))
            {
                set |= 1 << needle.rule;
            }
        }
    }
    set
}

fn ascii_boundaries(pattern: &str) -> String {
    pattern.replace(r"\b", r"(?-u:\b)")
}

/// One lazily compiled regex per [`RULES`] entry, same order. A commit whose added lines
/// hold no needle compiles nothing (compiling all of them costs several milliseconds,
/// most of a commit hook's budget).
static REGEXES: [OnceLock<Option<Regex>>; RULES.len()] = [const { OnceLock::new() }; RULES.len()];

/// The compiled pattern of rule `index` (`None` for the hand-written detector).
pub fn regex(index: usize) -> Option<&'static Regex> {
    REGEXES[index]
        .get_or_init(|| match RULES[index].detector {
            // The patterns are constants checked by the unit tests: failing here is a bug.
            Detector::Pattern(pattern) => Some(
                Regex::new(&ascii_boundaries(pattern)).expect("built-in secret pattern compiles"),
            ),
            Detector::Assignment => None,
        })
        .as_ref()
}
