//! Documents and values several test files build on: a spec that passes spec-lint, a
//! credential the secrets gate must find, the small projects tests take through a gate.

use super::TestRepo;

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

/// The smallest Go project with a test: module `example.com/x`, package `pkg` of
/// `a.go` and `a_test.go`.
pub fn go_package(repo: &TestRepo) -> &TestRepo {
    repo.write("go.mod", "module example.com/x\n")
        .write("pkg/a.go", "package pkg\n")
        .write("pkg/a_test.go", "package pkg\n")
}

/// Changes `pkg/a.go` of [`go_package`] and stages it: a change `pkg/a_test.go` tests.
pub fn stage_go_change(repo: &TestRepo) {
    repo.write("pkg/a.go", "package pkg\n\nfunc A() {}\n");
    repo.git(&["add", "-A"]);
}

/// An AWS access key id the secrets gate reports (built at run time so this file holds none).
pub fn aws_key() -> String {
    ["AKIA", "Z7Q3R5T2W4Y6U8P1"].concat()
}

/// The small Python project the journey and the stall tests take through the workflow:
/// `shop.pricing.bulk_discount` and the tests of its first acceptance criterion.
pub mod shop {
    pub const PYPROJECT: &str = "[project]\nname = \"shop\"\nversion = \"0.1.0\"\n\n\
[tool.pytest.ini_options]\npythonpath = [\"src\"]\n";

    pub const GITIGNORE: &str = "__pycache__/\n.pytest_cache/\n.coverage\ncoverage.xml\n";

    pub const TESTS: &str = "from shop.pricing import bulk_discount\n\n\n\
def test_ac1_ten_items_cost_ninety_percent():\n    assert bulk_discount(100, 10) == 90\n\n\n\
def test_ac1_nine_items_pay_full_price():\n    assert bulk_discount(100, 9) == 100\n";

    pub const PRICING: &str = "def bulk_discount(price, quantity):\n    \
if quantity >= 10:\n        return price * 9 // 10\n    return price\n";

    /// The spec an agent writes in Plan (or Hotfix): every section filled, Release the next version.
    pub fn filled_spec(
        id: &str,
        title: &str,
        status: &str,
        release: &str,
        criterion: &str,
    ) -> String {
        format!(
            "# {id}: {title}\n\n| Field | Value |\n|-------|-------|\n| ID | {id} |\n\
             | Status | {status} |\n| Priority | P1 |\n| Release | {release} |\n\n\
             ## Background\nOrders of ten or more items get ten percent off.\n\n\
             ## Requirements\n### R1: Bulk discount (MUST)\nAn order of 10 or more items MUST cost 90% of its price.\n\n\
             ## Acceptance Criteria\n### AC1: {criterion} (R1)\n- **Given** a price of 100 and a quantity of 10\n\
             - **When** bulk_discount is computed\n- **Then** the result is 90\n\n\
             ## Target Call Chain\n`shop.pricing.bulk_discount`\n\n\
             ## Implementation Steps\n| Step | File | Action | Dependencies | Risk |\n\
             |------|------|--------|-------------|------|\n| 1 | `src/shop/pricing.py` | bulk_discount | None | Low |\n\n\
             ## Security Scope\n| Check | Applicable | Reason |\n|-------|------------|--------|\n\
             | SEC-1 | Yes | source code; no secrets in it |\n\n\
             ## Out of Scope\n- Coupons\n"
        )
    }
}
