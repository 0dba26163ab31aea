"""Case tracking minimum (RULES CAS-1) and the policy defaults an administrator can change."""

from __future__ import annotations

import pytest

from careinspect.rules.errors import RuleViolation
from careinspect.rules.policy import Policy
from careinspect.rules.sampling import tracked_minimum


@pytest.mark.parametrize(("users", "minimum"), [(9, 2), (5, 2), (10, 4), (49, 4), (50, 6), (400, 6)])
def test_cas1_tracked_minimum(policy: Policy, users: int, minimum: int) -> None:
    assert tracked_minimum(users, policy) == minimum


def test_cas1_never_more_than_the_agency_has(policy: Policy) -> None:
    assert tracked_minimum(1, policy) == 1
    assert tracked_minimum(0, policy) == 0


def test_cas1_larger_agency_threshold_is_a_policy_setting(policy: Policy) -> None:
    stricter = policy.with_overrides({"larger_agency_threshold": 30})
    assert tracked_minimum(30, stricter) == 6
    assert tracked_minimum(30, policy) == 4


def test_cas1_negative_count_is_refused(policy: Policy) -> None:
    with pytest.raises(RuleViolation) as err:
        tracked_minimum(-1, policy)
    assert (err.value.rule, err.value.field) == ("CAS-1", "service_users")


def test_policy_override_is_validated_and_names_the_setting(policy: Policy) -> None:
    with pytest.raises(RuleViolation) as err:
        policy.with_overrides({"larger_agency_threshold": "many"})
    assert err.value.field == "larger_agency_threshold"
    with pytest.raises(RuleViolation):
        policy.with_overrides({"larger_agency_threshold": 5})  # must be above the guidance's 10
