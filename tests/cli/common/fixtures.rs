//! Documents and values several test files build on: a spec that passes spec-lint, a
//! credential the secrets gate must find.

/// A spec that passes spec-lint without errors, in the given status.
pub fn spec(id: &str, status: &str) -> String {
    format!(
        "# {id}: Rate-limit the login endpoint\n\n\
         | Field | Value |\n|-------|-------|\n| ID | {id} |\n| Status | {status} |\n\
         | Priority | P1 |\n| Release | 1.0.0 |\n\n\
         ## Background\nBrute force.\n\n\
         ## Requirements\n### R1: Limit (MUST)\nThe endpoint MUST reject a sixth attempt.\n\n\
         ## Acceptance Criteria\n### AC1: Rejected (R1)\n- **Given** five attempts\n- **When** a sixth arrives\n- **Then** 429\n\n\
         ## Target Call Chain\napi.login\n\n\
         ## Security Scope\n| Check | Applicable | Reason |\n|-------|------------|--------|\n| SEC-6 | Yes | public |\n\n\
         ## Out of Scope\n- Nothing\n"
    )
}

/// An AWS access key id the secrets gate reports (built at run time so this file holds none).
pub fn aws_key() -> String {
    ["AKIA", "Z7Q3R5T2W4Y6U8P1"].concat()
}
