# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Signed usage serial numbers, checked offline (issue 6)"
import contextlib
import datetime as dt
import io
import os
import stat
import subprocess
import sys
import tempfile
import unittest

from trytond.modules.service_contract import serial_key
from trytond.modules.service_contract.serial_key import (
    EXPIRED, MALFORMED, TAMPERED, UNKNOWN_KEY, Serial, generate_key,
    load_public_keys, load_signing_key, read, sign, verify)


class SerialTestCase(unittest.TestCase):
    "Test the serial numbers"

    def setUp(self):
        self.directory = tempfile.mkdtemp()
        self.addCleanup(self._remove)

    def _remove(self):
        for name in os.listdir(self.directory):
            os.remove(os.path.join(self.directory, name))
        os.rmdir(self.directory)

    def serial(self, **values):
        number, key = load_signing_key(self.directory)
        serial = Serial(**{**dict(
                    key=number, issue=1, period_end=dt.date(2027, 6, 30),
                    customer=12, installation=345, product=7), **values})
        return sign(serial, key), serial

    def test_signed_serial_verifies_offline(self):
        "R-CON-7: the serial names what it is for and verifies offline"
        generate_key(self.directory)
        text, serial = self.serial()
        keys = load_public_keys(self.directory)
        result = verify(text, keys, today=dt.date(2026, 11, 26))
        self.assertTrue(result.valid)
        self.assertEqual(result.reason, "valid until 2027-06-30")
        self.assertEqual(result.serial, serial)
        # Groups of four letters and digits of base32, read over the phone
        groups = text.split('-')
        self.assertTrue(all(len(g) == 4 for g in groups[:-1]))
        self.assertRegex(text.replace('-', ''), '^[A-Z2-7]+$')
        # Read back as said over the phone: lower case, spaces, a zero for
        # the letter O
        spoken = text.lower().replace('-', ' ').replace('o', '0')
        self.assertTrue(verify(spoken, keys, today=dt.date(2026, 11, 26)))
        # Valid through its last day, not after
        self.assertTrue(verify(text, keys, today=dt.date(2027, 6, 30)))

    def test_expired_serial(self):
        "R-CON-7: a serial past its service period fails with the reason"
        generate_key(self.directory)
        text, _ = self.serial(period_end=dt.date(2026, 11, 25))
        result = verify(
            text, load_public_keys(self.directory),
            today=dt.date(2026, 11, 26))
        self.assertFalse(result.valid)
        self.assertEqual(result.reason, EXPIRED.format(date='2026-11-25'))
        self.assertIn("expired", result.reason)

    def test_tampered_serial(self):
        "R-CON-7: a serial changed by hand fails: another date, a letter"
        generate_key(self.directory)
        text, serial = self.serial()
        keys = load_public_keys(self.directory)
        # The customer moves the period end by a year and signs nothing
        forged = sign(
            serial._replace(period_end=dt.date(2028, 6, 30)),
            serial_key.Ed25519PrivateKey.generate())
        result = verify(forged, keys, today=dt.date(2026, 11, 26))
        self.assertFalse(result.valid)
        self.assertEqual(result.reason, TAMPERED)
        # The signature of the real serial on the changed period end
        forged = forged[:30] + text[30:]
        self.assertEqual(
            verify(forged, keys, today=dt.date(2026, 11, 26)).reason,
            TAMPERED)
        # Any letter changed
        for position in [0, 5, 17, 40, len(text) - 2]:
            if text[position] == '-':
                continue
            letter = 'B' if text[position] != 'B' else 'C'
            changed = text[:position] + letter + text[position + 1:]
            result = verify(changed, keys, today=dt.date(2026, 11, 26))
            self.assertFalse(result.valid, position)
            self.assertIn(result.reason, {TAMPERED, MALFORMED, UNKNOWN_KEY})
        for text in ["", "HELLO", text[:-5], text + "AAAA", "☃"]:
            self.assertEqual(verify(text, keys).reason, MALFORMED)
            self.assertIsNone(read(text))

    def test_key_rotation(self):
        "R-CON-7: the newest key signs; serials of older keys still verify"
        self.assertEqual(generate_key(self.directory), 1)
        old, _ = self.serial()
        self.assertEqual(generate_key(self.directory), 2)
        new, serial = self.serial(issue=2)
        self.assertEqual(serial.key, 2)
        keys = load_public_keys(self.directory)
        self.assertEqual(set(keys), {1, 2})
        for text in [old, new]:
            self.assertTrue(verify(text, keys, today=dt.date(2026, 11, 26)))
        # A verifier that only knows the first key refuses the new serial
        result = verify(new, {1: keys[1]}, today=dt.date(2026, 11, 26))
        self.assertEqual(result.reason, UNKNOWN_KEY)
        # The private keys are readable by their owner only
        for number in [1, 2]:
            mode = os.stat(serial_key.key_path(self.directory, number)).st_mode
            self.assertEqual(stat.S_IMODE(mode), 0o600)

    def test_no_key(self):
        "R-CON-7: no serial is signed without a key"
        with self.assertRaises(LookupError):
            load_signing_key(self.directory)

    def test_command_line(self):
        "R-CON-7: the command-line verifier says why a serial is refused"
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            self.assertEqual(serial_key.main(['keygen', self.directory]), 0)
        text, _ = self.serial(period_end=dt.date(2027, 1, 31))

        def run(*args):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                code = serial_key.main(['verify', self.directory, *args])
            return code, out.getvalue()
        code, output = run(text, '--date', '2027-01-31')
        self.assertEqual(code, 0)
        self.assertIn("customer 12, installation 345", output)
        self.assertIn("valid until 2027-01-31", output)
        code, output = run(*text.split('-'), '--date', '2027-02-01')
        self.assertEqual(code, 1)
        self.assertIn("expired", output)
        code, output = run('NOT-A-SERIAL')
        self.assertEqual(code, 1)
        self.assertIn("malformed", output)

    def test_verifier_needs_no_tryton(self):
        "R-CON-7: the customer's software embeds the verifier without Tryton"
        generate_key(self.directory)
        text, _ = self.serial()
        script = (
            "import importlib.util, sys\n"
            f"spec = importlib.util.spec_from_file_location("
            f"'serial_key', {serial_key.__file__!r})\n"
            "module = importlib.util.module_from_spec(spec)\n"
            "spec.loader.exec_module(module)\n"
            "assert not any(m.startswith('trytond') for m in sys.modules)\n"
            f"keys = module.load_public_keys({self.directory!r})\n"
            f"print(module.verify({text!r}, keys).reason)\n")
        output = subprocess.run(
            [sys.executable, '-c', script], capture_output=True, text=True,
            check=True).stdout
        self.assertIn("valid until 2027-06-30", output)
