"""All models, in creation order."""

from functools import lru_cache

from gridapp.models.accounts import Account
from gridapp.models.affairs import AffairItem
from gridapp.models.appraisal import (
    Amendment,
    AppraisalMonth,
    AppraisalScore,
    AppraisalTemplate,
    SurveyTally,
    VisitEntry,
)
from gridapp.models.audit import AuditEntry
from gridapp.models.base import LocalState, database
from gridapp.models.cards import CalendarDay, Card, Draft, KeyingRecord
from gridapp.models.daily import (
    DiaryDay,
    DiaryFinding,
    DutyChange,
    DutyRota,
    Meeting,
    ServiceSheet,
    Task,
    TaskGroup,
    TaskReport,
)
from gridapp.models.design import CardDesign, OwnCategory, SavedList
from gridapp.models.matters import Matter, MatterPhoto, MatterStep
from gridapp.models.org import Building, CardField, Community, Grid, GridGroup, House, Staff, StaffGrid, Street
from gridapp.models.people import Household, Person
from gridapp.models.settings import Setting
from gridapp.models.sync import SYNC_TABLES, Conflict, FieldVersion, Inbox, Outbox, Peer
from gridapp.store.synced import SyncModel

SYNC_MODELS = (Street, Community, GridGroup, Grid, Building, House, Staff, StaffGrid,
               CardField, Household, Person, Setting, Card, KeyingRecord, CalendarDay, AuditEntry, AffairItem,
               AppraisalTemplate, AppraisalMonth, AppraisalScore, SurveyTally, Amendment, VisitEntry,
               CardDesign, OwnCategory, SavedList,
               Matter, MatterStep, MatterPhoto,
               ServiceSheet, DiaryDay, DiaryFinding, DutyRota, DutyChange, TaskGroup, Meeting, Task, TaskReport)
ALL_MODELS = (LocalState, Draft) + SYNC_MODELS + SYNC_TABLES + (Account,)

__all__ = ["database", "LocalState", "SyncModel", "Street", "Community", "GridGroup", "Grid",
           "Building", "House", "Staff", "StaffGrid", "CardField", "Household", "Person",
           "Setting", "Card", "KeyingRecord", "CalendarDay", "AuditEntry", "Draft", "AffairItem",
           "AppraisalTemplate", "AppraisalMonth", "AppraisalScore", "SurveyTally", "Amendment", "VisitEntry", "Outbox",
           "FieldVersion", "Conflict", "Peer", "Inbox", "SYNC_MODELS", "ALL_MODELS", "Account", "CardDesign", "OwnCategory",
           "SavedList",
           "Matter", "MatterStep", "MatterPhoto",
           "ServiceSheet", "DiaryDay", "DiaryFinding", "DutyRota",
           "DutyChange", "TaskGroup", "Meeting", "Task", "TaskReport"]


@lru_cache(maxsize=None)
def by_table() -> dict:
    """The synced tables by table name."""
    return {m._meta.table_name: m for m in SYNC_MODELS}


def model_of(table: str):
    return by_table().get(table)
