"""Writes for associations. Each service runs in a transaction and writes an audit entry."""

from .boards import (
    announcement_send,
    board_position_add,
    board_position_remove,
    board_term_create,
    person_find_or_create,
)
from .dues import dues_confirm, dues_reject, dues_submit
from .imports import ImportReport, members_import, read_rows
from .memberships import (
    association_settings_update,
    member_type_save,
    membership_apply,
    membership_approve,
    membership_change_status,
    membership_grant_honorary,
    membership_reject,
    membership_renew,
    membership_transfer,
    memberships_lapse,
)

__all__ = [
    "ImportReport",
    "announcement_send",
    "association_settings_update",
    "board_position_add",
    "board_position_remove",
    "board_term_create",
    "dues_confirm",
    "dues_reject",
    "dues_submit",
    "member_type_save",
    "members_import",
    "membership_apply",
    "membership_approve",
    "membership_change_status",
    "membership_grant_honorary",
    "membership_reject",
    "membership_renew",
    "membership_transfer",
    "memberships_lapse",
    "person_find_or_create",
    "read_rows",
]
