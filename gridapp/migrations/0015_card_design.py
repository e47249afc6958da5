"""The card designer: street-wide and per-community supplementary fields with help text, a
condition, a range and retirement; versions of a design; the version a card was keyed under;
own person and household categories; saved lists on demand."""
from peewee import *
import uuid


def up(migrator, db):
    class Community(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        class Meta:
            database = db
            table_name = 'community'

    class CardDesign(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community, null=True)
        version = IntegerField()
        body = TextField()
        created_at = DateTimeField()
        created_by = CharField(default='')
        note = TextField(default='')
        class Meta:
            database = db
            table_name = 'card_design'

    class OwnCategory(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community, null=True)
        level = CharField()
        code = CharField()
        label = CharField()
        symbol = CharField(default='')
        colour = CharField(default='#555555')
        bit = IntegerField()
        privacy = CharField(default='internal')
        retired = BooleanField(default=False)
        class Meta:
            database = db
            table_name = 'own_category'

    class SavedList(Model):
        id = UUIDField(primary_key=True, default=uuid.uuid4)
        site = CharField(max_length=36)
        clock = BigIntegerField(index=True)
        deleted = BooleanField(default=False)
        community = ForeignKeyField(Community, null=True)
        name = CharField()
        body = TextField()
        created_at = DateTimeField()
        created_by = CharField(default='')
        class Meta:
            database = db
            table_name = 'saved_list'

    migrator.migrate(
        migrator.drop_not_null('card_field', 'community_id'),
        migrator.add_column('card_field', 'help', TextField(default='')),
        migrator.add_column('card_field', 'condition', TextField(default='')),
        migrator.add_column('card_field', 'min_value', FloatField(null=True)),
        migrator.add_column('card_field', 'max_value', FloatField(null=True)),
        migrator.add_column('card_field', 'retired', BooleanField(default=False)),
        migrator.add_column('card', 'design_version', CharField(default='')),
    )
    db.create_tables([CardDesign, OwnCategory, SavedList])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('saved_list'))
    migrator.migrate(migrator.drop_table('own_category'))
    migrator.migrate(migrator.drop_table('card_design'))
    migrator.migrate(
        migrator.drop_column('card', 'design_version'),
        migrator.drop_column('card_field', 'retired'),
        migrator.drop_column('card_field', 'max_value'),
        migrator.drop_column('card_field', 'min_value'),
        migrator.drop_column('card_field', 'condition'),
        migrator.drop_column('card_field', 'help'),
        migrator.add_not_null('card_field', 'community_id'),
    )
