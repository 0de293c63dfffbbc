# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"What the service flows (visits, complaints, requests, repairs...) share"
from trytond.i18n import gettext
from trytond.model.exceptions import AccessError


class FlowMixin:
    """A record that follows a workflow: deleted only in the states before
    anything was done, and able to name the fields a step still needs"""
    __slots__ = ()
    # The states in which a record may be deleted, and the message with its
    # placeholder that refuses the others
    _deletable_states = {'draft', 'cancelled'}
    _delete_message = None

    @classmethod
    def check_modification(
            cls, mode, records, values=None, external=False):
        super().check_modification(
            mode, records, values=values, external=external)
        if mode == 'delete' and cls._delete_message:
            message, placeholder = cls._delete_message
            for record in records:
                if record.state not in cls._deletable_states:
                    raise AccessError(gettext(
                            message, **{placeholder: record.rec_name}))

    def _missing(self, names):
        """Return the labels of the fields among names that are still
        empty: no value, no text, no line (a zero or a False is a value)"""
        def empty(value):
            if isinstance(value, (list, tuple)):
                return not value
            return value is None or value in ('', b'')
        strings = self.fields_get(names)
        return [strings[n]['string'] for n in names
            if empty(getattr(self, n))]
