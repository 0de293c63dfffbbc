# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"Per-company settings of the service center."
import datetime as dt

from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.modules.company.model import (
    CompanyMultiValueMixin, CompanyValueMixin)
from trytond.pool import Pool
from trytond.pyson import Eval, Id

installation_sequence = fields.Many2One(
    'ir.sequence', "Installation Sequence", required=True,
    domain=[
        ('company', 'in', [Eval('company', -1), None]),
        ('sequence_type', '=',
            Id('service_center', 'sequence_type_installation')),
        ],
    help="Used to number the customers' installations.")
ticket_sequence = fields.Many2One(
    'ir.sequence', "Ticket Sequence", required=True,
    domain=[
        ('company', 'in', [Eval('company', -1), None]),
        ('sequence_type', '=', Id('service_center', 'sequence_type_ticket')),
        ],
    help="Used to number the tickets.")
visit_sequence = fields.Many2One(
    'ir.sequence', "Visit Sequence", required=True,
    domain=[
        ('company', 'in', [Eval('company', -1), None]),
        ('sequence_type', '=', Id('service_center', 'sequence_type_visit')),
        ],
    help="Used to number the on-site visits.")
feedback_sequence = fields.Many2One(
    'ir.sequence', "Feedback Form Sequence", required=True,
    domain=[
        ('company', 'in', [Eval('company', -1), None]),
        ('sequence_type', '=',
            Id('service_center', 'sequence_type_feedback')),
        ],
    help="Used to number the service feedback forms.")
complaint_sequence = fields.Many2One(
    'ir.sequence', "Complaint Sequence", required=True,
    domain=[
        ('company', 'in', [Eval('company', -1), None]),
        ('sequence_type', '=',
            Id('service_center', 'sequence_type_complaint')),
        ],
    help="Used to number the complaints.")
change_request_sequence = fields.Many2One(
    'ir.sequence', "Program Modification Sequence", required=True,
    domain=[
        ('company', 'in', [Eval('company', -1), None]),
        ('sequence_type', '=',
            Id('service_center', 'sequence_type_change_request')),
        ],
    help="Used to number the program-modification requests.")
repair_sequence = fields.Many2One(
    'ir.sequence', "Repair Sequence", required=True,
    domain=[
        ('company', 'in', [Eval('company', -1), None]),
        ('sequence_type', '=',
            Id('service_center', 'sequence_type_repair')),
        ],
    help="Used to number the products shipped in for repair.")
implementation_sequence = fields.Many2One(
    'ir.sequence', "Implementation Sequence", required=True,
    domain=[
        ('company', 'in', [Eval('company', -1), None]),
        ('sequence_type', '=',
            Id('service_center', 'sequence_type_implementation')),
        ],
    help="Used to number the implementation projects.")


class Configuration(
        ModelSingleton, ModelSQL, ModelView, CompanyMultiValueMixin):
    "Service Center Configuration"
    __name__ = 'service.configuration'

    installation_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Installation Sequence", required=True,
            domain=[
                ('company', 'in',
                    [Eval('context', {}).get('company', -1), None]),
                ('sequence_type', '=',
                    Id('service_center', 'sequence_type_installation')),
                ],
            help="Used to number the customers' installations."))
    ticket_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Ticket Sequence", required=True,
            domain=[
                ('company', 'in',
                    [Eval('context', {}).get('company', -1), None]),
                ('sequence_type', '=',
                    Id('service_center', 'sequence_type_ticket')),
                ],
            help="Used to number the tickets."))
    visit_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Visit Sequence", required=True,
            domain=[
                ('company', 'in',
                    [Eval('context', {}).get('company', -1), None]),
                ('sequence_type', '=',
                    Id('service_center', 'sequence_type_visit')),
                ],
            help="Used to number the on-site visits."))
    feedback_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Feedback Form Sequence", required=True,
            domain=[
                ('company', 'in',
                    [Eval('context', {}).get('company', -1), None]),
                ('sequence_type', '=',
                    Id('service_center', 'sequence_type_feedback')),
                ],
            help="Used to number the service feedback forms."))
    complaint_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Complaint Sequence", required=True,
            domain=[
                ('company', 'in',
                    [Eval('context', {}).get('company', -1), None]),
                ('sequence_type', '=',
                    Id('service_center', 'sequence_type_complaint')),
                ],
            help="Used to number the complaints."))
    change_request_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Program Modification Sequence", required=True,
            domain=[
                ('company', 'in',
                    [Eval('context', {}).get('company', -1), None]),
                ('sequence_type', '=',
                    Id('service_center', 'sequence_type_change_request')),
                ],
            help="Used to number the program-modification requests."))
    repair_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Repair Sequence", required=True,
            domain=[
                ('company', 'in',
                    [Eval('context', {}).get('company', -1), None]),
                ('sequence_type', '=',
                    Id('service_center', 'sequence_type_repair')),
                ],
            help="Used to number the products shipped in for repair."))
    implementation_sequence = fields.MultiValue(fields.Many2One(
            'ir.sequence', "Implementation Sequence", required=True,
            domain=[
                ('company', 'in',
                    [Eval('context', {}).get('company', -1), None]),
                ('sequence_type', '=',
                    Id('service_center', 'sequence_type_implementation')),
                ],
            help="Used to number the implementation projects."))

    warranty_sla_policy = fields.Many2One(
        'service.sla.policy', "Warranty Service Level", required=True,
        help="The service level of tickets on installations in their "
        "service period (R-SLA-1).")
    out_of_warranty_sla_policy = fields.Many2One(
        'service.sla.policy', "Out-of-Warranty Service Level",
        required=True,
        help="The service level of the other tickets.")

    escalation_delay = fields.TimeDelta(
        "Escalation Delay",
        help="After a breach, the time before the service managers are "
        "told; empty: never.")

    return_visit_assignment_time = fields.TimeDelta(
        "Time to Assign",
        help="When a return visit finds open questions, the time the "
        "service manager has to assign someone (R-CRM-3); empty: at "
        "once.")

    @classmethod
    def default_escalation_delay(cls):
        return dt.timedelta(hours=4)

    @classmethod
    def default_return_visit_assignment_time(cls):
        return dt.timedelta(hours=2)

    @classmethod
    def default_warranty_sla_policy(cls):
        return cls._default_policy('sla_policy_warranty')

    @classmethod
    def default_out_of_warranty_sla_policy(cls):
        return cls._default_policy('sla_policy_out_of_warranty')

    @classmethod
    def _default_policy(cls, fs_id):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        try:
            return ModelData.get_id('service_center', fs_id)
        except KeyError:
            return None

    @classmethod
    def next_number(cls, field, company_id):
        """Return the next number of the sequence field for the company, or
        None without a company or a sequence"""
        if company_id is None:
            return None
        sequence = cls(1).get_multivalue(field, company=company_id)
        return sequence.get() if sequence else None

    @classmethod
    def multivalue_model(cls, field):
        pool = Pool()
        if field in {
                'installation_sequence', 'ticket_sequence',
                'visit_sequence', 'feedback_sequence',
                'complaint_sequence', 'change_request_sequence',
                'repair_sequence', 'implementation_sequence'}:
            return pool.get('service.configuration.sequence')
        return super().multivalue_model(field)

    @classmethod
    def default_installation_sequence(cls, **pattern):
        return cls.multivalue_model(
            'installation_sequence').default_installation_sequence()

    @classmethod
    def default_ticket_sequence(cls, **pattern):
        return cls.multivalue_model(
            'ticket_sequence').default_ticket_sequence()

    @classmethod
    def default_visit_sequence(cls, **pattern):
        return cls.multivalue_model(
            'visit_sequence').default_visit_sequence()

    @classmethod
    def default_feedback_sequence(cls, **pattern):
        return cls.multivalue_model(
            'feedback_sequence').default_feedback_sequence()

    @classmethod
    def default_complaint_sequence(cls, **pattern):
        return cls.multivalue_model(
            'complaint_sequence').default_complaint_sequence()

    @classmethod
    def default_change_request_sequence(cls, **pattern):
        return cls.multivalue_model(
            'change_request_sequence').default_change_request_sequence()

    @classmethod
    def default_repair_sequence(cls, **pattern):
        return cls.multivalue_model(
            'repair_sequence').default_repair_sequence()

    @classmethod
    def default_implementation_sequence(cls, **pattern):
        return cls.multivalue_model(
            'implementation_sequence').default_implementation_sequence()


class ConfigurationSequence(ModelSQL, CompanyValueMixin):
    "Service Center Configuration Sequence"
    __name__ = 'service.configuration.sequence'

    installation_sequence = installation_sequence
    ticket_sequence = ticket_sequence
    visit_sequence = visit_sequence
    feedback_sequence = feedback_sequence
    complaint_sequence = complaint_sequence
    change_request_sequence = change_request_sequence
    repair_sequence = repair_sequence
    implementation_sequence = implementation_sequence

    @classmethod
    def default_installation_sequence(cls):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        try:
            return ModelData.get_id(
                'service_center', 'sequence_installation')
        except KeyError:
            return None

    @classmethod
    def default_ticket_sequence(cls):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        try:
            return ModelData.get_id('service_center', 'sequence_ticket')
        except KeyError:
            return None

    @classmethod
    def default_visit_sequence(cls):
        return cls._default_sequence('sequence_visit')

    @classmethod
    def default_feedback_sequence(cls):
        return cls._default_sequence('sequence_feedback')

    @classmethod
    def default_complaint_sequence(cls):
        return cls._default_sequence('sequence_complaint')

    @classmethod
    def default_change_request_sequence(cls):
        return cls._default_sequence('sequence_change_request')

    @classmethod
    def default_repair_sequence(cls):
        return cls._default_sequence('sequence_repair')

    @classmethod
    def default_implementation_sequence(cls):
        return cls._default_sequence('sequence_implementation')

    @classmethod
    def _default_sequence(cls, fs_id):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        try:
            return ModelData.get_id('service_center', fs_id)
        except KeyError:
            return None
