#!/usr/bin/env python3
# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Export the translation template of an addon from a database, keeping the
msgstr already in its locale file, and list what is still untranslated.

    python tools/i18n.py -c config/trytond.conf -d service_center \\
        service_center [--write]

Run `make db` (or `trytond-admin -u MODULE`) first so the database has the
addon's current strings.  With --write, addons/MODULE/locale/zh_CN.po is
rewritten in Tryton's own order; without, only the missing msgids are shown.

An addon's strings for an extra module (extras_depend, e.g. account_invoice
for service_contract) are only exported from a database where that module is
activated.  From a database without it, the entries the export lacks are
kept as they are, so that --write does not drop the extra's translations;
check those with a database where the extras are activated.
"""
import argparse
import os
import sys

import polib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def export(database, module, lang='zh_CN'):
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    with Transaction().start(database, 0, readonly=False) as transaction:
        pool = Pool(database)
        pool.init()
        TranslationSet = pool.get('ir.translation.set', type='wizard')
        Translation = pool.get('ir.translation')
        session_id, _, _ = TranslationSet.create()
        TranslationSet(session_id).transition_set_()
        Lang = pool.get('ir.lang')
        TranslationUpdate = pool.get('ir.translation.update', type='wizard')
        session_id, _, _ = TranslationUpdate.create()
        update = TranslationUpdate(session_id)
        update.start.language, = Lang.search([('code', '=', lang)])
        update.do_update({})
        content = Translation.translation_export(lang, module)
        transaction.rollback()
    return content


def inactive_extras(database, module):
    "Return the extras_depend of the module not activated in the database"
    from trytond.modules import get_module_info
    from trytond.pool import Pool
    from trytond.transaction import Transaction
    extras = set(get_module_info(module).get('extras_depend', []))
    if not extras:
        return extras
    with Transaction().start(database, 0, readonly=True):
        Module = Pool(database).get('ir.module')
        activated = {m.name for m in Module.search([
                    ('name', 'in', list(extras)),
                    ('state', '=', 'activated'),
                    ])}
    return extras - activated


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    parser.add_argument('--write', action='store_true')
    parser.add_argument('modules', nargs='+')
    args = parser.parse_args(argv)

    from trytond import config
    config.update_etc(args.config)
    missing_total = 0
    for module in args.modules:
        path = os.path.join(ROOT, 'addons', module, 'locale', 'zh_CN.po')
        content = export(args.database, module)
        template = polib.pofile(content.decode('utf-8'))
        known = {}
        overrides = []
        if os.path.exists(path):
            for entry in polib.pofile(path):
                known[entry.msgctxt, entry.msgid] = entry.msgstr
                if '.' in entry.msgctxt.rsplit(':', 1)[-1]:
                    # Translation of another module's record, kept as is
                    overrides.append(entry)
        extras = inactive_extras(args.database, module)
        if extras and os.path.exists(path):
            exported = {(e.msgctxt, e.msgid) for e in template}
            kept = [e for e in polib.pofile(path)
                if (e.msgctxt, e.msgid) not in exported
                and e not in overrides]
            if kept:
                # In the export's order, as if the extras were activated
                template.extend(kept)
                template.sort(key=lambda e: (e.msgctxt, e.msgid))
                print(f"{module}: {len(kept)} entries kept as they are, "
                    f"{', '.join(sorted(extras))} not activated in "
                    f"{args.database}", file=sys.stderr)
        for entry in overrides:
            template.append(entry)
        missing = 0
        for entry in template:
            entry.msgstr = known.get((entry.msgctxt, entry.msgid), '')
            entry.flags = [f for f in entry.flags if f != 'fuzzy']
            if not entry.msgstr:
                missing += 1
                print(f'{module}: {entry.msgctxt}: {entry.msgid}')
        if args.write:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            template.save(path)
        missing_total += missing
    sys.exit(1 if missing_total else 0)


if __name__ == '__main__':
    main()
