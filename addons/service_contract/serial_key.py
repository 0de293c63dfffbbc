# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Usage serial numbers the customer's software checks offline (R-CON-7).

A serial says which customer, installation and product it is for, until
which day the service period runs and which issue it is (a new service
period means a new serial).  It is signed with the company's Ed25519 key and
written in base32 groups that staff can read over the phone.  The key is
named by a number in the serial, so keys can be rotated: the newest signs,
the older ones still verify what they signed.

This module imports nothing from Tryton: the customer's software embeds it
(with the ``cryptography`` library) to check a serial::

    from serial_key import verify, load_public_keys
    result = verify(text, load_public_keys('keys/'))
    if not result.valid:
        print(result.reason)

and it is a command line tool::

    python serial_key.py keygen keys/
    python serial_key.py verify keys/ AEAQ-...
"""
import argparse
import base64
import datetime as dt
import os
import re
import struct
import sys
from collections import namedtuple

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey, Ed25519PublicKey)

VERSION = 1
# version, key, issue, period end (days since EPOCH), customer,
# installation, product
PAYLOAD = struct.Struct('>BBHHIII')
SIGNATURE_SIZE = 64
EPOCH = dt.date(2000, 1, 1)
GROUP = 4
KEY_FILE = re.compile(r'^serial-(\d+)\.(key|pub)$')

Serial = namedtuple('Serial', [
        'key', 'issue', 'period_end', 'customer', 'installation',
        'product'])


class Result(namedtuple('Result', ['valid', 'reason', 'serial'])):
    """The outcome of a verification: valid or not, the reason in plain
    words, and what the serial says when it could be read"""
    __slots__ = ()

    def __bool__(self):
        return self.valid


# The reasons a serial is refused, in the words the verifier prints
MALFORMED = "malformed: not a serial number of this company"
UNKNOWN_KEY = "signed with an unknown key"
TAMPERED = "signature does not match: the serial was altered"
EXPIRED = "expired: the service period ended on {date}"
VALID = "valid until {date}"


def _payload(serial):
    return PAYLOAD.pack(
        VERSION, serial.key, serial.issue,
        (serial.period_end - EPOCH).days, serial.customer,
        serial.installation, serial.product)


def format_serial(raw):
    "Write the bytes in base32 groups, as read over the phone"
    text = base64.b32encode(raw).decode('ascii').rstrip('=')
    return '-'.join(
        text[i:i + GROUP] for i in range(0, len(text), GROUP))


def parse_serial(text):
    "Return the bytes of a serial written by format_serial, or None"
    compact = re.sub(r'[\s-]', '', text or '').upper()
    # Letters mistaken for digits over the phone
    compact = compact.translate(str.maketrans('018', 'OIB'))
    if not compact or not re.fullmatch('[A-Z2-7]+', compact):
        return None
    compact += '=' * (-len(compact) % 8)
    try:
        return base64.b32decode(compact)
    except ValueError:
        return None


def sign(serial, private_key):
    """Return the serial text of serial (a Serial) signed with private_key
    (an Ed25519PrivateKey) whose number is serial.key"""
    if not 0 <= serial.key < 256 or not 0 <= serial.issue < 65536:
        raise ValueError("key or issue number out of range")
    payload = _payload(serial)
    return format_serial(payload + private_key.sign(payload))


def read(text):
    "Return the Serial that text says, without checking it, or None"
    raw = parse_serial(text)
    if raw is None or len(raw) != PAYLOAD.size + SIGNATURE_SIZE:
        return None
    (version, key, issue, days, customer, installation,
        product) = PAYLOAD.unpack(raw[:PAYLOAD.size])
    if version != VERSION:
        return None
    return Serial(
        key, issue, EPOCH + dt.timedelta(days=days), customer,
        installation, product)


def verify(text, public_keys, today=None):
    """Check the serial text against the company's public keys (a dict
    from key number to Ed25519PublicKey or raw 32 bytes) on today (the
    local date by default).  A serial is valid through its period end."""
    serial = read(text)
    if serial is None:
        return Result(False, MALFORMED, None)
    key = public_keys.get(serial.key)
    if key is None:
        return Result(False, UNKNOWN_KEY, serial)
    if isinstance(key, bytes):
        key = Ed25519PublicKey.from_public_bytes(key)
    raw = parse_serial(text)
    try:
        key.verify(raw[PAYLOAD.size:], raw[:PAYLOAD.size])
    except InvalidSignature:
        return Result(False, TAMPERED, serial)
    if today is None:
        today = dt.date.today()
    date = serial.period_end.isoformat()
    if today > serial.period_end:
        return Result(False, EXPIRED.format(date=date), serial)
    return Result(True, VALID.format(date=date), serial)


def key_numbers(directory, kind='key'):
    "Return the numbers of the keys of kind ('key' or 'pub') in directory"
    numbers = []
    for name in os.listdir(directory) if os.path.isdir(directory) else []:
        match = KEY_FILE.match(name)
        if match and match.group(2) == kind:
            numbers.append(int(match.group(1)))
    return sorted(numbers)


def key_path(directory, number, kind='key'):
    return os.path.join(directory, f'serial-{number}.{kind}')


def generate_key(directory):
    """Write the next key of directory: its private key, readable by the
    owner only, and its public key; return its number.  The newest key
    signs from now on (rotation); the older ones keep verifying."""
    os.makedirs(directory, mode=0o700, exist_ok=True)
    numbers = key_numbers(directory) + key_numbers(directory, 'pub')
    number = max(numbers, default=0) + 1
    if number > 255:
        raise ValueError("no key number left")
    private_key = Ed25519PrivateKey.generate()
    private = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption())
    public = private_key.public_key().public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo)
    fd = os.open(key_path(directory, number),
        os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, 'wb') as file:
        file.write(private)
    with open(key_path(directory, number, 'pub'), 'wb') as file:
        file.write(public)
    return number


def load_signing_key(directory):
    """Return (number, private key) of the newest key of directory, or
    raise LookupError when there is none"""
    numbers = key_numbers(directory)
    if not numbers:
        raise LookupError(f"no serial key in {directory}")
    number = numbers[-1]
    with open(key_path(directory, number), 'rb') as file:
        return number, serialization.load_pem_private_key(
            file.read(), password=None)


def load_public_keys(directory):
    "Return the public keys of directory by number"
    keys = {}
    for number in key_numbers(directory, 'pub'):
        with open(key_path(directory, number, 'pub'), 'rb') as file:
            keys[number] = serialization.load_pem_public_key(file.read())
    return keys


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Make the company's serial keys; check a serial.")
    commands = parser.add_subparsers(dest='command', required=True)
    keygen = commands.add_parser(
        'keygen', help="add a key; the newest key signs from now on")
    keygen.add_argument('directory')
    check = commands.add_parser(
        'verify', help="check a serial against the public keys")
    check.add_argument('directory')
    check.add_argument('serial', nargs='+', help="the serial, its groups "
        "in one argument or several")
    check.add_argument('--date', type=dt.date.fromisoformat,
        help="check as on this day (default: today)")
    args = parser.parse_args(argv)
    if args.command == 'keygen':
        number = generate_key(args.directory)
        print(f"key {number} written to {args.directory}")
        return 0
    result = verify(
        ''.join(args.serial), load_public_keys(args.directory), args.date)
    serial = result.serial
    if serial:
        print(f"customer {serial.customer}, installation "
            f"{serial.installation}, product {serial.product}, "
            f"issue {serial.issue}, key {serial.key}")
    print(result.reason)
    return 0 if result.valid else 1


if __name__ == '__main__':
    sys.exit(main())
