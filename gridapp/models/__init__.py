"""All models, in creation order."""

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
from gridapp.models.base import LocalState, SyncModel, database
from gridapp.models.cards import AuditEntry, CalendarDay, Card, Draft, KeyingRecord
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
from gridapp.models.org import Building, CardField, Community, Grid, GridGroup, House, Staff, StaffGrid, Street
from gridapp.models.people import Household, Person
from gridapp.models.settings import Setting
from gridapp.models.sync import SYNC_TABLES, Conflict, FieldVersion, Inbox, Outbox, Peer

SYNC_MODELS = (Street, Community, GridGroup, Grid, Building, House, Staff, StaffGrid,
               CardField, Household, Person, Setting, Card, KeyingRecord, CalendarDay, AuditEntry, AffairItem,
               AppraisalTemplate, AppraisalMonth, AppraisalScore, SurveyTally, Amendment, VisitEntry,
               ServiceSheet, DiaryDay, DiaryFinding, DutyRota, DutyChange, TaskGroup, Meeting, Task, TaskReport)
ALL_MODELS = (LocalState, Draft) + SYNC_MODELS + SYNC_TABLES + (Account,)

__all__ = ["database", "LocalState", "SyncModel", "Street", "Community", "GridGroup", "Grid",
           "Building", "House", "Staff", "StaffGrid", "CardField", "Household", "Person",
           "Setting", "Card", "KeyingRecord", "CalendarDay", "AuditEntry", "Draft", "AffairItem",
           "AppraisalTemplate", "AppraisalMonth", "AppraisalScore", "SurveyTally", "Amendment", "VisitEntry", "Outbox",
           "FieldVersion", "Conflict", "Peer", "Inbox", "SYNC_MODELS", "ALL_MODELS", "Account",
           "ServiceSheet", "DiaryDay", "DiaryFinding", "DutyRota",
           "DutyChange", "TaskGroup", "Meeting", "Task", "TaskReport"]
