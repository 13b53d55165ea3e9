"""Two professionals opening expedients at the same moment get two numbers.

Needs real concurrent connections, so it runs on PostgreSQL only (the SQLite
test database lives in one connection's memory; SQLite serialises writers).
"""

import threading
import unittest

from django.db import connection, connections
from django.test import TransactionTestCase

from casework.models import Expedient
from tests.factories.casework import basic_case, resident, territory


@unittest.skipUnless(connection.vendor == "postgresql", "needs concurrent connections")
class ConcurrentNumberingTests(TransactionTestCase):
    # Start from the migrated data (roles need their permissions), whatever
    # transactional test ran before and emptied the database.
    serialized_rollback = True

    def test_simultaneous_openings_get_distinct_sequential_numbers(self):
        t = territory()
        people = [resident(t, first_name=f"P{i}") for i in range(6)]
        barrier = threading.Barrier(len(people))
        errors = []

        def open_one(person):
            try:
                barrier.wait()
                basic_case(t, person)
            except Exception as error:  # reported below
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=open_one, args=(p,)) for p in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual(errors, [])
        numbers = sorted(Expedient.objects.values_list("number", flat=True))
        suffixes = [int(number.split("/")[1]) for number in numbers]
        self.assertEqual(suffixes, list(range(1, len(people) + 1)))
