"""Every synced row carries a UUID, the site that changed it, a logical clock and a tombstone."""

import uuid

from gridapp import db
from gridapp.clock import COUNTER_BITS, HybridClock
from gridapp.models import Grid, Street
from gridapp.models.base import current_site


def test_rows_are_stamped_with_site_and_increasing_clock(street_db):
    street = Street.get()
    before = street.clock
    assert isinstance(street.id, uuid.UUID)
    assert street.site == current_site().site_id
    street.code = "4601"
    street.save()
    assert street.clock > before


def test_delete_leaves_a_tombstone(street_db):
    from gridapp.models import Community

    com = Community.create(name="建新社区", street=Street.get())
    grid = Grid.create(community=com, name="第一网格", number=1)
    grid.delete_instance()
    kept = Grid.get_by_id(grid.id)
    assert kept.deleted is True
    assert Grid.live().count() == 0


def test_clock_survives_reopening(street_db, passphrase):
    last = current_site().clock.last
    db.close_database()
    db.open_database(street_db, passphrase)
    street = Street.get()
    street.code = "4601"
    street.save()
    assert street.clock > last


def test_clock_never_goes_back_when_the_pc_clock_does():
    wall = [1_000_000]
    clock = HybridClock(wall=lambda: wall[0])
    a = clock.tick()
    wall[0] = 500_000  # the PC's clock jumps back
    b = clock.tick()
    assert b > a
    wall[0] = 2_000_000
    c = clock.tick()
    assert c >> COUNTER_BITS == 2_000_000


def test_clock_moves_past_a_remote_value():
    clock = HybridClock(wall=lambda: 10)
    clock.observe(99 << COUNTER_BITS)
    assert clock.tick() > 99 << COUNTER_BITS
