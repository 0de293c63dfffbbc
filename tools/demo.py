#!/usr/bin/env python3
# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Load the Chinese demo data of 启擎软件 into an initialised database.

Run once, after `trytond-admin --all` activated the four addons and loaded
zh_CN.  Everything goes through the Tryton models (proteus), so every rule
and access check of the addons applies to the demo data too.

    python tools/demo.py -c config/trytond.conf -d service_center
"""
import argparse
import datetime as dt
import os
import sys
import warnings
from decimal import Decimal

DEMO_PASSWORD = 'Qiqing-2026'
COMPANY_NAME = '启擎软件'

# R-ORG-1: the org chart.  (code, name, kind, parent code)
DEPARTMENTS = [
    ('GM', '总经理办公室', 'general', None),
    ('CS', '客服中心', 'center', 'GM'),
    ('SALES', '销售部', 'sales', 'CS'),
    ('AS', '售后服务部', 'after_sales', 'CS'),
    ('ADM', '行政内勤', 'administration', 'CS'),
    ('KA', '大客户服务部', 'key_accounts', 'CS'),
    ('DEV', '研发部', 'development', 'GM'),
    ('FIN', '财务部', 'finance', 'GM'),
    ('HR', '行政人事部', 'hr', 'GM'),
    ]

# R-ORG-2, R-ORG-3: staff.  (login, name, department, role, position, grade,
# extra groups as (module, xml id))
STAFF = [
    ('manager', '王建国', 'CS', 'service_manager', None, None,
        [('product', 'group_product_admin')]),
    ('supervisor', '李明', 'AS', 'after_sales_supervisor',
        'after_sales', 'senior', []),
    ('specialist', '张丽', 'KA', 'service_specialist', None, None, []),
    ('revisit', '陈静', 'CS', 'return_visit_specialist', None, None, []),
    ('engineer', '刘洋', 'AS', 'engineer', 'after_sales', 'intermediate', []),
    ('developer', '赵强', 'DEV', 'developer', None, None, []),
    ('clerk', '孙芳', 'ADM', 'administration', None, None, []),
    ('finance', '周敏', 'FIN', 'finance', None, None, []),
    ('hr', '吴霞', 'HR', 'hr', None, None,
        [('company', 'group_employee_admin')]),
    ('gm', '郑伟', 'GM', 'general_manager', None, None, []),
    (None, '黄磊', 'AS', 'engineer', 'remote', 'junior', []),
    (None, '何涛', 'SALES', None, 'pre_sales', 'senior', []),
    (None, '马超', 'KA', 'service_specialist', None, None, []),
    ]
DEPARTMENT_MANAGERS = {
    'GM': '郑伟', 'CS': '王建国', 'SALES': '何涛', 'AS': '李明', 'ADM': '孙芳',
    'KA': '张丽', 'DEV': '赵强', 'FIN': '周敏', 'HR': '吴霞',
    }

SOFTWARE = [
    ('ERP', '启擎ERP管理软件', 'V8.2'),
    ('JXC', '启擎进销存软件', 'V6.5'),
    ('CW', '启擎财务软件', 'V5.1'),
    ('HRM', '启擎人事工资软件', 'V3.0'),
    ('POS', '启擎POS收银系统', 'V2.4'),
    ]

# (name, city, street, [(site, specialist)], [(contact, dept, title, phone,
# qq, responsible)], [(software code, site index, installed, years)])
CUSTOMERS = [
    ('上海东方机械制造有限公司', '上海', '浦东新区张江路88号',
        [('总部', '张丽'), ('松江工厂', '张丽')],
        [('刘志刚', '信息部', '信息部经理', '021-58881234', '20881234', True),
            ('王芳', '财务部', '会计', '13916881234', '30881235', False)],
        [('ERP', 0, (2024, 3, 15), 3), ('CW', 1, (2025, 6, 1), 1)]),
    ('北京华信商贸有限公司', '北京', '朝阳区建国路100号',
        [('总部', '马超')],
        [('赵立新', '总经办', '副总经理', '010-65001234', '40881236', True),
            ('孙丽娜', '仓储部', '主管', '13801001234', '', False)],
        [('JXC', 0, (2025, 1, 10), 2)]),
    ('广州南粤医药连锁有限公司', '广州', '天河区体育西路20号',
        [('总部', '张丽'), ('番禺配送中心', '马超')],
        [('陈国华', '信息中心', '主任', '020-38001234', '50881237', True),
            ('林小燕', '门店运营部', '专员', '13602001234', '50881238', False)],
        [('POS', 0, (2023, 11, 20), 1), ('JXC', 1, (2024, 8, 8), 3)]),
    ('深圳创新电子科技有限公司', '深圳', '南山区科技园南路5号',
        [('研发中心', '马超')],
        [('黄海', 'IT部', '经理', '0755-26001234', '60881239', True)],
        [('ERP', 0, (2025, 9, 1), 2)]),
    ('杭州西湖茶业有限公司', '杭州', '西湖区龙井路8号',
        [('总部', '张丽')],
        [('周文', '办公室', '主任', '0571-87001234', '70881240', True),
            ('吴敏', '财务部', '出纳', '13705711234', '', False)],
        [('CW', 0, (2024, 5, 5), 1), ('HRM', 0, (2025, 2, 18), 2)]),
    ('南京金陵建材有限公司', '南京', '鼓楼区中山北路30号',
        [('总部', '马超')],
        [('郑强', '信息部', '主管', '025-83001234', '80881241', True)],
        [('JXC', 0, (2026, 1, 12), 1)]),
    ('成都天府餐饮管理有限公司', '成都', '锦江区春熙路15号',
        [('总部', '张丽'), ('春熙路店', '张丽')],
        [('冯涛', '运营部', '总监', '028-86001234', '90881242', True),
            ('何丽', '春熙路店', '店长', '13908281234', '90881243', False)],
        [('POS', 1, (2025, 4, 1), 2), ('CW', 0, (2025, 4, 1), 1)]),
    ('武汉长江物流有限公司', '武汉', '江岸区沿江大道66号',
        [('总部', '马超')],
        [('曹斌', '信息部', '经理', '027-82001234', '11881244', True)],
        [('ERP', 0, (2023, 7, 1), 2)]),
    ('西安古城纺织有限公司', '西安', '新城区解放路12号',
        [('总部', '张丽')],
        [('邓建华', '厂办', '主任', '029-87201234', '12881245', True)],
        [('HRM', 0, (2024, 10, 10), 3)]),
    ('天津滨海化工有限公司', '天津', '滨海新区港口路3号',
        [('总部', '马超'), ('二分厂', '马超')],
        [('许东', '信息部', '工程师', '022-25001234', '13881246', True),
            ('彭静', '人事部', '经理', '13802221234', '', False)],
        [('ERP', 0, (2024, 12, 1), 2), ('HRM', 1, (2025, 3, 3), 2)]),
    ('苏州园林酒店有限公司', '苏州', '姑苏区人民路50号',
        [('总部', '张丽')],
        [('钱丽', '财务部', '财务经理', '0512-65201234', '14881247', True)],
        [('CW', 0, (2025, 11, 1), 1)]),
    ('重庆山城汽车配件有限公司', '重庆', '渝北区龙溪路9号',
        [('总部', '马超')],
        [('谢军', '信息部', '经理', '023-67001234', '15881248', True),
            ('罗燕', '采购部', '采购员', '13983001234', '', False)],
        [('JXC', 0, (2024, 2, 2), 1), ('ERP', 0, (2026, 6, 1), 1)]),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('-c', '--config', required=True)
    parser.add_argument('-d', '--database', required=True)
    args = parser.parse_args(argv)

    from proteus import config as pconfig

    # proteus puts the database name into TRYTOND_DATABASE_URI, which must
    # have a scheme; the embedded default is SQLite.
    os.environ.setdefault('TRYTOND_DATABASE_URI', 'sqlite://')
    warnings.filterwarnings(
        'ignore', "The path specified in the URI will be overridden")
    pconfig.set_trytond(args.database, config_file=args.config)
    load()
    # The supervisor registers and dispatches the demo tickets, so that the
    # stamps name a person.
    def login(user):
        pconfig.set_trytond(args.database, user=user, config_file=args.config)
    login('supervisor')
    load_tickets(login)
    load_visits(login)
    load_complaints(login)
    load_surveys(login)
    load_change_requests(login)
    load_repairs(login)
    load_implementations(login)
    load_contracts(login)
    load_expenses(login)
    load_hr(login)
    load_probation(login)
    load_archive(login)
    load_fines(login)


def load():
    from proteus import Model
    from proteus.config import get_config
    from trytond.modules.company.tests.tools import create_company

    Company = Model.get('company.company')
    Currency = Model.get('currency.currency')
    Lang = Model.get('ir.lang')
    Party = Model.get('party.party')
    User = Model.get('res.user')
    Group = Model.get('res.group')
    ModelData = Model.get('ir.model.data')
    Employee = Model.get('company.employee')
    Department = Model.get('service.department')
    Template = Model.get('product.template')
    Uom = Model.get('product.uom')
    Site = Model.get('service.site')
    Contact = Model.get('service.customer.contact')
    Installation = Model.get('service.installation')

    def ref(module, fs_id, Target):
        return Target(ModelData.get_id(module, fs_id, {}))

    zh_cn, = Lang.find([('code', '=', 'zh_CN')])
    cny = Currency(
        name='人民币', code='CNY', symbol='¥', digits=2,
        rounding=Decimal('0.01'))
    cny.save()

    party = Party(name=COMPANY_NAME, lang=zh_cn)
    address = party.addresses.new()
    address.city = '上海'
    address.street = '徐汇区漕溪北路1号'
    party.save()
    company_config = create_company(party=party, currency=cny)
    company = Company.find([])[0]
    company.timezone = 'Asia/Shanghai'
    company.save()
    config = get_config()
    config._context = User.get_preferences(True, {})

    departments = {}
    for code, name, kind, parent in DEPARTMENTS:
        department = Department(
            name=name, code=code, kind=kind, company=company,
            parent=departments.get(parent))
        department.save()
        departments[code] = department

    employees = {}
    users = []
    for login, name, dept, role, position, grade, extra in STAFF:
        employee = Employee(
            party=Party(name=name, lang=zh_cn), company=company,
            department=departments[dept], service_role=role,
            position=position, grade=grade,
            start_date=dt.date(2020, 1, 1))
        employee.party.save()
        employee.save()
        employees[name] = employee
        if not login:
            continue
        user = User(login=login, name=name, language=zh_cn)
        user.password = DEMO_PASSWORD
        user.email = f'{login}@qiqing.example.cn'
        user.companies.append(Company(company.id))
        user.company = company
        user.employees.append(Employee(employee.id))
        user.employee = employee
        user.groups.append(ref(
                'service_center', f'group_{role}', Group))
        for module, fs_id in extra:
            user.groups.append(ref(module, fs_id, Group))
        users.append(user)
    User.save(users)

    for code, name in DEPARTMENT_MANAGERS.items():
        departments[code].manager = employees[name]
    Department.save(list(departments.values()))

    unit = ref('product', 'uom_unit', Uom)
    software = {}
    for code, name, version in SOFTWARE:
        template = Template(
            name=name, code=code, type='service', default_uom=unit,
            list_price=Decimal(0))
        template.save()
        software[code] = (template.products[0], version)

    for name, city, street, sites, contacts, installs in CUSTOMERS:
        customer = Party(name=name, service_customer=True, lang=zh_cn)
        address = customer.addresses[0] if customer.addresses else (
            customer.addresses.new())
        address.city = city
        address.street = street
        customer.save()
        customer_sites = []
        for site_name, specialist in sites:
            site = Site(
                company=company, customer=customer, name=site_name,
                address=customer.addresses[0],
                specialist=employees[specialist])
            site.save()
            customer_sites.append(site)
        responsible = None
        for (c_name, c_dept, title, phone, qq, is_responsible) in contacts:
            contact = Contact(
                company=company, customer=customer, site=customer_sites[0],
                name=c_name, department=c_dept, job_title=title,
                phone=phone, im_account=qq or None,
                responsible=is_responsible)
            contact.save()
            if is_responsible:
                responsible = contact
        for code, site_index, installed, years in installs:
            product, version = software[code]
            installed = dt.date(*installed)
            site = customer_sites[site_index]
            installation = Installation(
                company=company, customer=customer, site=site,
                product=product, version=version,
                installation_date=installed,
                serial_number=(
                    f'QQ-{code}-{installed:%Y%m}-{len(customer.name):02d}'
                    f'{site_index}{customer_sites[0].id:03d}'),
                service_start=installed,
                service_end=installed.replace(year=installed.year + years)
                - dt.timedelta(days=1),
                specialist=site.specialist, contact=responsible)
            installation.save()
    del company_config
    Policy = Model.get('service.sla.policy')
    business = Policy(ModelData.get_id(
            'service_center', 'sla_policy_out_of_warranty', {}))
    business.click('load_china_holidays')

    print(f"demo data loaded: {len(users)} users, {len(CUSTOMERS)} customers",
        file=sys.stderr)


# (customer, contact index, installation index, channel, kind, priority,
# subject, engineer, final state, record values, hours since the call)
# The hours put some milestones at risk and some breached (R-SLA-1).
TICKETS = [
    ('北京华信商贸有限公司', 0, 0, 'phone', 'howto', 'urgent',
        '库存数量与实际盘点数不符', None, 'registered', None, 1.7),
    ('广州南粤医药连锁有限公司', 1, 0, 'im', 'hardware', 'high',
        'POS 收银机无法打印小票', '刘洋', 'assigned', None, 3),
    ('上海东方机械制造有限公司', 0, 0, 'phone', 'report', 'normal',
        '资产负债表左右不平', '刘洋', 'in_progress',
        {'description': '远程连接检查报表公式', 'report_name': '资产负债表',
            'question': '月末结账后左右不平，差额 120 元'}, 20),
    ('深圳创新电子科技有限公司', 0, 0, 'email', 'data_cleanup', 'normal',
        '清理 2025 年的测试数据', '黄磊', 'waiting',
        {'description': '等待客户盖章的书面申请',
            'tool': 'SQL Server Management Studio'}, 5),
    ('杭州西湖茶业有限公司', 0, 1, 'portal', 'admin_password', 'high',
        '忘记超级管理员密码', '黄磊', 'resolved',
        {'description': '收到正式申请后重置密码并电话告知', 'contact': True,
            'attachment': '超级管理员密码申请.pdf'}, 30),
    ('成都天府餐饮管理有限公司', 0, 1, 'phone', 'bug', 'high',
        '月末结账时提示错误', '刘洋', 'closed',
        {'description': '已修复并升级客户程序',
            'steps_to_reproduce': '1. 打开月末结账 2. 点击结账',
            'error_message': '对象名 voucher_tmp 无效'}, 70),
    ('武汉长江物流有限公司', 0, 0, 'fax', 'howto', 'low',
        '重复登记的传真', None, 'cancelled', None, 10),
    ('天津滨海化工有限公司', 0, 0, 'on_site', 'howto', 'normal',
        '新员工操作培训', '刘洋', 'in_progress', {'visit_needed': True}, 26),
    ]
STATE_STEPS = {
    'registered': [],
    'assigned': ['assign'],
    'in_progress': ['assign', 'start'],
    'waiting': ['assign', 'start', 'wait'],
    'resolved': ['assign', 'start', 'resolve'],
    'closed': ['assign', 'start', 'resolve', 'close'],
    'cancelled': ['cancel'],
    }


def load_tickets(login):
    from proteus import Model
    Party = Model.get('party.party')
    Employee = Model.get('company.employee')
    Ticket = Model.get('service.ticket')
    Attachment = Model.get('ir.attachment')

    for (customer_name, contact_index, installation_index, channel, kind,
            priority, subject, engineer, state, record, hours) in TICKETS:
        customer, = Party.find([('name', '=', customer_name)])
        installations = sorted(customer.installations, key=lambda i: i.id)
        contacts = sorted(customer.service_contacts, key=lambda c: c.id)
        ticket = Ticket()
        ticket.contact = contacts[min(contact_index, len(contacts) - 1)]
        ticket.installation = installations[
            min(installation_index, len(installations) - 1)]
        ticket.channel = channel
        ticket.kind = kind
        ticket.priority = priority
        ticket.subject = subject
        if record and record.pop('visit_needed', False):
            ticket.visit_needed = True
            record = None
        if engineer:
            ticket.engineer, = Employee.find([('party.name', '=', engineer)])
        if record:
            line = ticket.records.new()
            line.employee = ticket.engineer
            for name, value in record.items():
                if name == 'contact':
                    line.contact_told = ticket.contact
                elif name != 'attachment':
                    setattr(line, name, value)
        ticket.save()
        # When the customer called: registered_at is read-only in the form
        Ticket._proxy.write([ticket.id], {
                'registered_at': (
                    dt.datetime.now() - dt.timedelta(hours=hours)),
                }, Ticket._config.context)
        ticket.reload()
        if record and record.get('attachment'):
            Attachment(
                resource=ticket, name=record['attachment'],
                data=b'%PDF-1.4 demo').save()
        for step in STATE_STEPS[state]:
            if step == 'resolve' and kind in {'bug', 'program_change'}:
                # R-REM-1 items 4 and 5: filed as a program modification
                # with a date told to the customer, before it is resolved
                walk_change_request(
                    file_change_request(ticket.id), 'closed', login)
                login('supervisor')
                ticket = Model.get('service.ticket')(ticket.id)
            ticket.click(step)
        assert ticket.state == state, (subject, ticket.state)
    print(f"demo tickets loaded: {len(TICKETS)}", file=sys.stderr)


# A drawn signature, as the tablet sends it (a tiny PNG)
SIGNATURE = bytes.fromhex(
    '89504e470d0a1a0a0000000d4948445200000001000000010806000000'
    '1f15c4890000000d49444154789c6360f8cf000000030101005a4d1d8b'
    '0000000049454e44ae426082')

# R-VIS, R-CRM: (customer, ticket subject or None, purpose, hours from now
# to the agreed arrival, final state, work lines, feedback: None or
# (signature kind, opinion, ratings, return visit: None, 'planned',
# 'escalated' or 'assigned'))
VISITS = [
    ('广州南粤医药连锁有限公司', 'POS 收银机无法打印小票',
        '现场检修 POS 收银机打印模块', 20, 'requested', [], None),
    ('天津滨海化工有限公司', '新员工操作培训',
        '新员工 ERP 操作培训', 3, 'approved', [], None),
    ('上海东方机械制造有限公司', '资产负债表左右不平',
        '现场核对报表公式', -1, 'on_site', [], None),
    ('上海东方机械制造有限公司', None, '月末结账现场指导', -30, 'done',
        [('财务部', '刘志刚', '指导月末结账并核对报表', 'solved')],
        ('electronic', '工程师讲解清楚，结账顺利。', ('5', '5', '5'),
            'planned')),
    ('成都天府餐饮管理有限公司', '月末结账时提示错误',
        '升级程序并检查数据', -50, 'done',
        [('财务部', None, '升级客户程序，月末结账恢复正常', 'solved'),
            ('信息部', None, '检查服务器备份计划', 'partly')],
        ('paper', '问题已解决，备份还需完善。', ('5', '4', '4'),
            'escalated')),
    ('北京华信商贸有限公司', None, '库存盘点差异现场核对', -80, 'done',
        [('仓储部', '孙丽娜', '核对盘点单并调整库存', 'solved')],
        ('electronic', '处理及时。', ('4', '4', '5'), 'assigned')),
    ('杭州西湖茶业有限公司', None, '财务软件使用培训', -6, 'done',
        [('财务部', None, '讲解凭证录入与审核', 'solved')], None),
    ]


def load_visits(login):
    """On-site visits in every state, their feedback forms and return
    visits (R-VIS-1..4, R-DOC-2, R-CRM-1..3)"""
    from proteus import Model

    def models():
        return {name: Model.get(name) for name in [
                'party.party', 'company.employee', 'service.ticket',
                'service.visit', 'service.feedback', 'service.return_visit',
                'ir.attachment']}

    steps = {
        'requested': [('engineer', 'request')],
        'approved': [('engineer', 'request'), ('manager', 'approve')],
        'on_site': [('engineer', 'request'), ('manager', 'approve'),
            ('engineer', 'check_in')],
        'done': [('engineer', 'request'), ('manager', 'approve'),
            ('engineer', 'check_in')],
        }
    for (customer_name, subject, purpose, hours, state, lines, feedback
            ) in VISITS:
        login('engineer')
        M = models()
        customer, = M['party.party'].find([('name', '=', customer_name)])
        visit = M['service.visit']()
        if subject:
            visit.ticket, = M['service.ticket'].find([
                    ('customer', '=', customer.id),
                    ('subject', '=', subject)])
        else:
            visit.customer = customer
            contacts = sorted(
                customer.service_contacts, key=lambda c: c.id)
            visit.contact = contacts[0]
        visit.purpose = purpose
        visit.window_start = (dt.datetime.now().replace(
                minute=0, second=0, microsecond=0)
            + dt.timedelta(hours=hours))
        visit.window_end = visit.window_start + dt.timedelta(hours=2)
        visit.engineers.append(M['company.employee'].find(
                [('party.name', '=', '刘洋')])[0])
        visit.save()
        for user, button in steps[state]:
            login(user)
            visit = Model.get('service.visit')(visit.id)
            visit.click(button)
        if state != 'done':
            assert visit.state == state, (purpose, visit.state)
            continue
        login('engineer')
        M = models()
        visit = M['service.visit'](visit.id)
        for department, person, work, result in lines:
            line = visit.lines.new()
            line.department = department
            line.person = person
            line.work = work
            line.result = result
        visit.save()
        visit.click('check_out')
        form = M['service.feedback'](visit.feedback_forms[0].id)
        if not feedback:
            continue
        kind, opinion, (attitude, skill, result), call = feedback
        form.signer = visit.contact or sorted(
            customer.service_contacts, key=lambda c: c.id)[0]
        form.opinion = opinion
        form.rating_attitude = attitude
        form.rating_skill = skill
        form.rating_result = result
        form.signature_kind = kind
        if kind == 'electronic':
            form.signer_name = form.signer.name
            form.signature = SIGNATURE
        form.save()
        if kind == 'paper':
            M['ir.attachment'](
                resource=form, name='服务反馈表.pdf',
                data=b'%PDF-1.4 demo').save()
        form.click('sign')
        login('revisit')
        form = Model.get('service.feedback')(form.id)
        form.click('receive')
        if call == 'planned':
            continue
        return_visit = Model.get('service.return_visit')(
            form.return_visits[0].id)
        return_visit.rating_attitude = attitude
        return_visit.rating_skill = skill
        return_visit.rating_result = result
        return_visit.notes = '客户对本次服务总体满意。'
        return_visit.open_questions = '希望增加服务器自动备份提醒'
        return_visit.save()
        return_visit.click('record_call')
        if call == 'assigned':
            login('manager')
            M = models()
            return_visit = M['service.return_visit'](return_visit.id)
            return_visit.assignee, = M['company.employee'].find(
                [('party.name', '=', '黄磊')])
            return_visit.click('assign')
        assert return_visit.state == call, (purpose, return_visit.state)
    print(f"demo visits loaded: {len(VISITS)}", file=sys.stderr)


# R-CPL, R-SLA-4: (customer, ticket subject or None, kind, staff member,
# complaint, hours ago, final state, hours promised after acceptance)
COMPLAINTS = [
    ('武汉长江物流有限公司', None, 'response', None,
        '传真报修后一整天没有人联系我们', 1, 'registered', None),
    ('广州南粤医药连锁有限公司', 'POS 收银机无法打印小票', 'quality', '刘洋',
        'POS 收银机修了两次还是不能打印小票', 5, 'accepted', 20),
    ('深圳创新电子科技有限公司', '清理 2025 年的测试数据', 'response', '黄磊',
        '数据清理一直拖着没有完成', 30, 'broken', 24),
    ('成都天府餐饮管理有限公司', '月末结账时提示错误', 'attitude', '刘洋',
        '工程师电话里不耐烦，说是我们操作错误', 60, 'handled', 24),
    ('北京华信商贸有限公司', None, 'attitude', '黄磊',
        '远程支持人员挂断了我们的电话', 200, 'closed', 48),
    ]


def load_complaints(login):
    """Complaints in every state, one whose promise is broken (R-CPL-1..4,
    R-SLA-4)"""
    from proteus import Model

    login('supervisor')
    Party = Model.get('party.party')
    Employee = Model.get('company.employee')
    Ticket = Model.get('service.ticket')
    Complaint = Model.get('service.complaint')
    handler, = Employee.find([('party.name', '=', '李明')])
    for (customer_name, subject, kind, staff, text, hours, state,
            promised) in COMPLAINTS:
        customer, = Party.find([('name', '=', customer_name)])
        complaint = Complaint()
        if subject:
            complaint.ticket, = Ticket.find([
                    ('customer', '=', customer.id),
                    ('subject', '=', subject)])
        else:
            complaint.customer = customer
        complaint.channel = 'phone'
        complaint.kind = kind
        if staff:
            complaint.employee, = Employee.find(
                [('party.name', '=', staff)])
        complaint.description = text
        if promised:
            complaint.handling_process = (
                '售后主管当天回电了解情况，安排专人处理，需客户配合提供相关资料。')
            complaint.expected_result = '问题彻底解决，并向客户说明原因。'
            complaint.handler = handler
            complaint.promised_at = (
                dt.datetime.now() + dt.timedelta(hours=promised))
        complaint.save()
        Complaint._proxy.write([complaint.id], {
                'registered_at': (
                    dt.datetime.now() - dt.timedelta(hours=hours)),
                }, Complaint._config.context)
        if state == 'registered':
            continue
        complaint.click('accept')
        if state == 'broken':
            # The promise ran out while the data were still being cleaned
            Complaint._proxy.write([complaint.id], {
                    'accepted_at': (
                        dt.datetime.now() - dt.timedelta(hours=hours)),
                    'at_risk_at': (dt.datetime.now()
                        - dt.timedelta(hours=hours - promised * 0.75)),
                    'promised_at': (dt.datetime.now()
                        - dt.timedelta(hours=hours - promised)),
                    }, Complaint._config.context)
            continue
        if state in {'handled', 'closed'}:
            complaint.reload()
            complaint.result = '已向客户致歉并解决问题，客户表示认可。'
            complaint.save()
            complaint.click('handle')
        if state == 'closed':
            login('manager')
            complaint = Model.get('service.complaint')(complaint.id)
            complaint.confirmed = True
            complaint.about_attitude = True
            complaint.finding = '电话录音证实该员工挂断客户电话，情况属实。'
            complaint.save()
            complaint.click('close')
            login('supervisor')
    print(f"demo complaints loaded: {len(COMPLAINTS)}", file=sys.stderr)


# R-CRM-7: (customer, kind, who, scores, comments)
SURVEYS = [
    ('上海东方机械制造有限公司', 'gm_visit', '郑伟', ('5', '5', '4', '4', '4'),
        '希望增加移动端审批功能'),
    ('北京华信商贸有限公司', 'form', '陈静', ('4', '4', '4', '3', '4'),
        '电话有时占线，希望增加 QQ 客服'),
    ('广州南粤医药连锁有限公司', 'inspection', '刘洋',
        ('4', '3', '3', '3', '3'), '收银机打印问题反复出现'),
    ]


def load_surveys(login):
    "Satisfaction surveys of the last half-year (R-CRM-7)"
    from proteus import Model

    login('manager')
    Party = Model.get('party.party')
    Employee = Model.get('company.employee')
    Survey = Model.get('service.satisfaction.survey')
    today = dt.date.today()
    start = today.replace(month=1 if today.month <= 6 else 7, day=1)
    for customer_name, kind, who, scores, comments in SURVEYS:
        survey = Survey()
        survey.customer, = Party.find([('name', '=', customer_name)])
        survey.kind = kind
        survey.conducted_by, = Employee.find([('party.name', '=', who)])
        survey.period_start = start
        survey.period_end = today
        (survey.rating_attitude, survey.rating_skill, survey.rating_result,
            survey.rating_response, survey.rating_software) = scores
        survey.comments = comments
        survey.save()
    print(f"demo surveys loaded: {len(SURVEYS)}", file=sys.stderr)


# R-CHG: (customer, kind, requirement, confirmed requirement or None, final
# state, days from today to the estimated date, delay: None or (days to the
# new date, reason))
CHANGE_REQUESTS = [
    ('北京华信商贸有限公司', 'modification', '销售日报增加毛利和毛利率两列',
        None, 'draft', None, None),
    ('深圳创新电子科技有限公司', 'modification',
        '采购订单金额超过 5 万元时需总经理审批',
        '采购订单保存时按金额判断，超过 50000 元进入总经理审批流程',
        'confirmed', None, None),
    ('上海东方机械制造有限公司', 'modification',
        '资产负债表按项目辅助核算出数',
        '资产负债表增加“项目”筛选条件，按项目辅助核算汇总',
        'promised', 1, None),
    ('广州南粤医药连锁有限公司', 'modification',
        'POS 小票增加会员积分和药师签名行',
        'POS 小票模板增加会员积分余额与执业药师签名行',
        'promised', 3, (12, '打印机厂家驱动需升级，联调顺延一周')),
    ('天津滨海化工有限公司', 'modification',
        '出库单打印危险品标识',
        '出库单对危险化学品物料加印“危险品”标识及 UN 编号',
        'developed', 5, None),
    ('重庆山城汽车配件有限公司', 'bug',
        '库存月结后负库存报表数量翻倍',
        '负库存报表在月结后重复统计上月结转数量',
        'tested', 4, None),
    ('杭州西湖茶业有限公司', 'modification',
        '把财务软件界面改成茶叶主题配色',
        '界面配色定制', 'rejected', None, None),
    ]
CHANGE_STEPS = ['confirm', 'review', 'promise_', 'develop', 'pass_test',
    'update', 'close']
CHANGE_STATES = {
    'draft': 0, 'confirmed': 1, 'reviewed': 2, 'promised': 3,
    'developed': 4, 'tested': 5, 'updated': 6, 'closed': 7}


def file_change_request(ticket_id):
    "The acting user files the program modification of a ticket"
    from proteus import Model
    Ticket = Model.get('service.ticket')
    ticket = Ticket(ticket_id)
    ticket.click('file_change_request')
    ticket.reload()
    return ticket.change_requests[-1].id


def walk_change_request(request_id, state, login, estimate=10, delay=None):
    """Take a request to state, each step by whom the rules name: the
    engineer confirms and tells the dates, the service manager reviews, the
    developer finishes, the engineer tests and updates (R-CHG-1..5)"""
    from proteus import Model

    def request_as(user):
        login(user)
        return Model.get('service.change_request')(request_id)
    today = dt.date.today()
    if state == 'rejected':
        request = request_as('engineer')
        fill_confirmation(request)
        request.click('confirm')
        request = request_as('manager')
        request.review_opinion = '属个性化界面需求，标准产品不做修改'
        request.save()
        request.click('reject')
        return
    for step in CHANGE_STEPS[:CHANGE_STATES[state]]:
        if step == 'confirm':
            request = request_as('engineer')
            fill_confirmation(request)
        elif step == 'review':
            request = request_as('manager')
            request.review_opinion = '同意修改，由研发部排期'
            request.estimated_date = today + dt.timedelta(days=estimate)
            request.save()
        elif step == 'promise_':
            request = request_as('engineer')
            request.told_to = request.contact or (sorted(
                    request.customer.service_contacts,
                    key=lambda c: c.id)[0])
            request.save()
        elif step == 'develop':
            if delay:
                request = request_as('engineer')
                request.delay_date = today + dt.timedelta(days=delay[0])
                request.delay_reason = delay[1]
                request.save()
                request.click('announce_delay')
            request = request_as('developer')
            request.development_notes = '已按确认的需求修改并自测'
            request.save()
        elif step == 'pass_test':
            request = request_as('engineer')
            request.test_notes = '按客户场景测试通过'
            request.save()
        elif step == 'update':
            request = request_as('engineer')
        elif step == 'close':
            request = request_as('engineer')
            request.customer_opinion = '修改后使用正常，感谢及时处理'
            request.save()
        request.click(step)
    if delay and CHANGE_STATES[state] <= CHANGE_STATES['promised']:
        request = request_as('engineer')
        request.delay_date = today + dt.timedelta(days=delay[0])
        request.delay_reason = delay[1]
        request.save()
        request.click('announce_delay')


def fill_confirmation(request):
    request.confirmed_requirement = (
        request.confirmed_requirement or request.requirement)
    request.customer_form = b'%PDF-1.4 demo fax'
    request.customer_form_name = '程序修改申请单（盖章）.pdf'
    request.stamped = True
    request.save()


def load_change_requests(login):
    "Program-modification requests in every state (R-CHG-1..5)"
    from proteus import Model
    for (customer_name, kind, requirement, confirmed, state, estimate,
            delay) in CHANGE_REQUESTS:
        login('engineer')
        Party = Model.get('party.party')
        Employee = Model.get('company.employee')
        Request = Model.get('service.change_request')
        request = Request()
        request.customer, = Party.find([('name', '=', customer_name)])
        request.contact = sorted(
            request.customer.service_contacts, key=lambda c: c.id)[0]
        request.kind = kind
        request.requirement = requirement
        request.confirmed_requirement = confirmed
        request.engineer, = Employee.find([('party.name', '=', '刘洋')])
        if kind == 'bug':
            request.steps_to_reproduce = '1. 执行库存月结 2. 打开负库存报表'
            request.error_message = '数量为实际的两倍，无报错提示'
        request.save()
        walk_change_request(
            request.id, state, login, estimate=estimate or 10, delay=delay)
        request = Model.get('service.change_request')(request.id)
        assert request.state == state, (requirement, request.state)
    print(f"demo change requests loaded: {len(CHANGE_REQUESTS)}",
        file=sys.stderr)


def load_archive(login):
    """The archive of forms: the forms of past services, some handed in
    and filed, some overdue, one lost (R-DOC-1..5)"""
    from proteus import Model
    login('admin')
    Document = Model.get('service.document')
    # The demo visits happened hours or days ago: their forms fell due the
    # day after (R-PEN-3)
    for document in Document.find([
                ('kind', 'in', ['service_application', 'feedback_form']),
                ]):
        visit = document.origin
        if document.kind == 'feedback_form':
            visit = visit.visit
        day = visit.window_start.date()
        Document._proxy.write([document.id], {
                'service_date': day,
                'due_date': day + dt.timedelta(days=1),
                }, Document._config.context)
    login('clerk')
    Document = Model.get('service.document')
    expected = Document.find([('state', '=', 'expected')],
        order=[('due_date', 'ASC'), ('id', 'ASC')])
    received = Document.find([('state', '=', 'received')],
        order=[('id', 'ASC')])
    # The oldest application is handed in and filed with its feedback form
    for document in expected[:1] + received[:1]:
        if document.state == 'expected':
            document.click('receive')
        document.location = 'A 柜 2026 年第 11 册'
        document.save()
        document.click('archive')
    faxed = [d for d in expected if d.faxed]
    for document in faxed[:1]:
        document.note = '传真原件交接时遗失，已请客户重新传真'
        document.save()
        document.click('declare_lost')
    print("demo archive: "
        f"{len(Document.find([('state', '=', 'expected')]))} expected, "
        f"{len(Document.find([('state', '=', 'archived')]))} archived, "
        f"{len(Document.find([('state', '=', 'lost')]))} lost",
        file=sys.stderr)


# R-SVC-4, R-SVC-5: (customer, contact, software of the installation, device,
# serial number, problem, ticket subject, final state, values per step)
REPAIRS = [
    ('广州南粤医药连锁有限公司', '林小燕', 'POS', '启擎POS收银一体机 T2（含热敏打印机）',
        'T2-2023-1120', '打印小票时卡纸，打印头发热后自动停止',
        'POS 收银机无法打印小票', 'received', {}),
    ('成都天府餐饮管理有限公司', '何丽', 'POS', '启擎POS收银一体机 T2', 'T2-2025-0401',
        '开机后屏幕不亮，电源指示灯闪烁', None, 'inspected', {
            'inspect': {
                'packaging': '外箱一角压扁，内衬泡沫有压痕',
                'damaged': True,
                'damage': '客显屏右下角有裂纹，疑为运输挤压造成'},
            'told': {'damage_told_to': '何丽'}}),
    ('重庆山城汽车配件有限公司', '罗燕', 'JXC', '无线条码扫描枪 QS-200', 'QS200-7731',
        '扫描无反应，充电座指示灯不亮', None, 'diagnosed', {
            'inspect': {'packaging': '原包装，外观完好'},
            'diagnose': {
                'diagnosis': '充电座电源芯片击穿；设备已过保修期',
                'cause': 'component',
                'estimated_cost': Decimal('280.00')}}),
    ('上海东方机械制造有限公司', '刘志刚', 'ERP', '启擎ERP加密狗（授权锁）',
        'KEY-ERP-2403', '插入服务器后无法识别，ERP 提示授权失效', None,
        'shipped', {
            'inspect': {'packaging': '快递袋包装，外观完好'},
            'diagnose': {
                'diagnosis': '加密芯片焊点虚焊，属生产工艺问题',
                'cause': 'workmanship'},
            'repair': {'repair_done': '重新焊接芯片并写入授权，测试识别正常'},
            'ship': {
                'carrier': '顺丰速运', 'tracking_number': 'SF1409876543210'}}),
    ('杭州西湖茶业有限公司', '周文', 'HRM', '指纹考勤机 KQ-8', 'KQ8-2502-0218',
        '指纹识别失败率高，时间经常跳回出厂设置', None, 'done', {
            'inspect': {'packaging': '原包装，外观完好'},
            'diagnose': {
                'diagnosis': '指纹模块老化，时钟电池失效，属元器件质量问题',
                'cause': 'component'},
            'repair': {'repair_done': '更换指纹模块和时钟电池，连续测试8小时正常'},
            'ship': {'carrier': '中通快递', 'tracking_number': 'ZT73120045566'}}),
    ]


def load_repairs(login):
    """Devices shipped in for repair in several states: received, inspected
    with the damage told, diagnosed at cost, shipped and done (R-SVC-4,
    R-SVC-5)"""
    from proteus import Model

    order = ['received', 'inspected', 'diagnosed', 'repaired', 'shipped',
        'done']
    for (customer_name, contact_name, software, device, serial, problem,
            subject, state, steps) in REPAIRS:
        login('supervisor')
        Party = Model.get('party.party')
        Employee = Model.get('company.employee')
        Contact = Model.get('service.customer.contact')
        Installation = Model.get('service.installation')
        Ticket = Model.get('service.ticket')
        Repair = Model.get('service.repair')
        customer, = Party.find([('name', '=', customer_name)])
        repair = Repair()
        if subject:
            repair.ticket, = Ticket.find([
                    ('customer', '=', customer.id),
                    ('subject', '=', subject)])
        repair.customer = customer
        repair.contact, = Contact.find([
                ('customer', '=', customer.id),
                ('name', '=', contact_name)])
        repair.installation, = Installation.find([
                ('customer', '=', customer.id),
                ('serial_number', 'like', f'QQ-{software}-%'),
                ], limit=1)
        repair.engineer, = Employee.find([('party.name', '=', '刘洋')])
        repair.product = device
        repair.serial_number = serial
        repair.problem = problem
        repair.save()

        login('engineer')
        repair = Model.get('service.repair')(repair.id)
        repair.click('receive')
        for step, button in [
                ('inspected', 'inspect'), ('diagnosed', 'diagnose'),
                ('repaired', 'repair'), ('shipped', 'ship'),
                ('done', 'notify')]:
            if order.index(state) < order.index(step):
                break
            for name, value in steps.get(button, {}).items():
                setattr(repair, name, value)
            if button == 'diagnose' and 'told' in steps:
                for name, value in steps['told'].items():
                    setattr(repair, name, value)
                repair.damage_told_at = dt.datetime.now()
            if button == 'ship':
                repair.shipped_date = dt.date.today()
            repair.click(button)
        if state == 'inspected' and 'told' in steps:
            for name, value in steps['told'].items():
                setattr(repair, name, value)
            repair.damage_told_at = dt.datetime.now()
            repair.save()
    # Two devices arrived days ago: one is at risk, one past its five
    # working days (November has no holidays, only weekends)
    login('admin')
    Repair = Model.get('service.repair')
    for state, days_ago in [('received', 9), ('inspected', 4)]:
        repair, = Repair.find([('state', '=', state)], limit=1)
        arrival = dt.datetime.now().replace(microsecond=0) - dt.timedelta(
            days=days_ago)
        due, counted = arrival.date(), 0
        while counted < 5:
            due += dt.timedelta(days=1)
            counted += due.weekday() < 5
        warn = due - dt.timedelta(days=1)
        while warn.weekday() >= 5:
            warn -= dt.timedelta(days=1)
        Repair._proxy.write([repair.id], {
                'received_at': arrival, 'due_date': due, 'warn_date': warn,
                }, Repair._config.context)
    print(f"demo repairs loaded: {len(REPAIRS)}", file=sys.stderr)
# R-IMP: (customer, site index, [(software code, version)], days from today
# to the installation, final step, trainees as (name, department, signed),
# sales contract, ticket subject or None)
IMPLEMENTATIONS = [
    ('南京金陵建材有限公司', 0, [('ERP', 'V8.2')], 7, 'planned', [],
        'XS-2026-041', None),
    ('西安古城纺织有限公司', 0, [('CW', 'V5.1')], -5, 'installed', [],
        'XS-2026-035', None),
    ('苏州园林酒店有限公司', 0, [('HRM', 'V3.0')], -12, 'training',
        [('钱丽', '财务部', True), ('黄婷', '人事部', True),
            ('吴刚', '前厅部', False)],
        'XS-2026-029', None),
    ('天津滨海化工有限公司', 1, [('JXC', 'V6.5')], -20, 'live',
        [('许东', '信息部', True), ('彭静', '人事部', True)],
        'XS-2026-022', '新员工操作培训'),
    ('重庆山城汽车配件有限公司', 0, [('CW', 'V5.1'), ('HRM', 'V3.0')], -60,
        'done',
        [('谢军', '信息部', True), ('罗燕', '采购部', True),
            ('周涛', '财务部', True)],
        'XS-2026-008', None),
    ]
IMPLEMENTATION_PAYMENTS = [
    ('合同签订预付款', 30, '合同签订后7日内', 'planned'),
    ('验收合格后付款', 60, '验收合格后30日内', 'done'),
    ('质保金', 10, '上线满一年', None),
    ]


def load_implementations(login):
    """Implementation projects from the plan to the installations, the
    acceptance form of one still being signed (R-IMP-1..6)"""
    from proteus import Model

    steps = ['draft', 'planned', 'installed', 'training', 'trained', 'live',
        'done']
    today = dt.date.today()
    for (customer_name, site_index, software, days, final, trainees,
            contract, subject) in IMPLEMENTATIONS:
        login('engineer')
        Party = Model.get('party.party')
        Employee = Model.get('company.employee')
        Product = Model.get('product.product')
        Ticket = Model.get('service.ticket')
        Implementation = Model.get('service.implementation')
        customer, = Party.find([('name', '=', customer_name)])
        sites = sorted(customer.service_sites, key=lambda s: s.id)
        contacts = sorted(customer.service_contacts, key=lambda c: c.id)
        responsible = [c for c in contacts if c.responsible][0]
        installed = today + dt.timedelta(days=days)
        project = Implementation()
        if subject:
            project.ticket, = Ticket.find([
                    ('customer', '=', customer.id),
                    ('subject', '=', subject)])
        project.customer = customer
        project.site = sites[site_index]
        project.address = project.site.address
        project.contact = responsible
        project.engineer, = Employee.find([('party.name', '=', '刘洋')])
        project.sales_contract = contract
        for code, version in software:
            line = project.lines.new()
            line.product, = Product.find([('template.code', '=', code)])
            line.version = version
        project.installation_date = installed
        project.training_date = installed + dt.timedelta(days=2)
        project.training_end = installed + dt.timedelta(days=3)
        project.training_content = (
            '系统登录与权限、基础资料维护、日常单据录入、月末结账及常用报表查询')
        project.training_goal = '各岗位操作员能独立完成本岗位的日常业务，'\
            '信息部能完成用户和权限的日常维护'
        for description, share, condition, _ in IMPLEMENTATION_PAYMENTS:
            payment = project.payments.new()
            payment.description = description
            payment.share = Decimal(share)
            payment.due_condition = condition
        project.save()
        project.click('plan')
        target = steps.index(final)
        if target >= steps.index('installed'):
            project.form_signer = responsible
            project.form_sealed = True
            if customer_name == '苏州园林酒店有限公司':
                project.form_signature_kind = 'electronic'
                project.form_signer_name = responsible.name
                project.form_signature = SIGNATURE
            else:
                project.form_signature_kind = 'paper'
                project.form_scan = b'%PDF-1.4 demo'
                project.form_scan_filename = '工程实施单.pdf'
            project.click('install')
        if target >= steps.index('training'):
            for name, department, signed in trainees:
                trainee = project.trainees.new()
                trainee.name = name
                trainee.department = department
                trainee.signed = signed
            project.acceptance_signer = responsible
            project.save()
        if target >= steps.index('trained'):
            project.click('sign_acceptance')
            project.click('train')
        if target >= steps.index('live'):
            project.data_import_plan = (
                '导入期初库存、客户和供应商资料；旧系统数据由信息部导出，'
                '工程师核对后导入')
            project.familiarisation_start = installed + dt.timedelta(days=4)
            project.familiarisation_end = installed + dt.timedelta(days=18)
            project.golive_date = installed + dt.timedelta(days=19)
            project.click('go_live')
        if target >= steps.index('done'):
            for i, line in enumerate(project.lines):
                line.serial_number = (
                    f'QQ-{software[i][0]}-{installed:%Y%m}-IM{project.id:03d}')
                line.service_end = installed.replace(
                    year=installed.year + 1) - dt.timedelta(days=1)
            project.save()
            login('clerk')
            project = Model.get('service.implementation')(project.id)
            project.click('receive_implementation_form')
            project.click('receive_acceptance_form')
            project.click('receive_golive_plan')
            login('engineer')
            project = Model.get('service.implementation')(project.id)
            project.click('complete')
        # Finance records what the customer paid per the contract terms
        login('finance')
        Payment = Model.get('service.implementation.payment')
        for payment in Payment.find([('implementation', '=', project.id)]):
            due = [m[3] for m in IMPLEMENTATION_PAYMENTS
                if m[0] == payment.description][0]
            if due and target >= steps.index(due):
                delay = 25 if due == 'done' else -10
                payment.collected_date = min(
                    today - dt.timedelta(days=1),
                    installed + dt.timedelta(days=delay))
                payment.save()
        expected = 'installed' if final == 'training' else final
        assert project.state == expected, (customer_name, project.state)
    print(f"demo implementations loaded: {len(IMPLEMENTATIONS)}",
        file=sys.stderr)


# R-CON: (customer, final state, days from today to the end of the period,
# days ago signed, days after signing paid or None)
CONTRACTS = [
    ('上海东方机械制造有限公司', 'running', 240, 20, 2),
    ('北京华信商贸有限公司', 'running', 20, 300, 1),
    ('广州南粤医药连锁有限公司', 'signed', 365, 5, None),
    ('深圳创新电子科技有限公司', 'sent', 365, None, None),
    ('杭州西湖茶业有限公司', 'draft', 365, None, None),
    ('武汉长江物流有限公司', 'cancelled', 200, 40, 3),
    ]



# R-EXP-1: the standards; the rulebook gives ordinary staff's, the others
# are the demo company's own.  (name, position, grade, transport, lodging,
# meals, phone)
EXPENSE_STANDARDS = [
    ('一般员工', None, None, 'train_hard_sleeper', 120, 30, 100),
    ('高级售后工程师', 'after_sales', 'senior', 'train_high_speed', 200, 50,
        200),
    ('远程维护专员', 'remote', None, 'train_hard_sleeper', 120, 30, 150),
    ]
# The trips of the demo: (employee, place, purpose, days ago it started,
# length in days, how far the flow went)
TRIPS = [
    ('刘洋', '上海市浦东新区', '上海东方机械制造有限公司 ERP 上线支持',
        40, 3, 'settled'),
    ('刘洋', '天津市滨海新区', '天津滨海化工有限公司 新员工操作培训',
        12, 2, 'verified'),
    ('黄磊', '深圳市南山区', '深圳创新电子科技有限公司 服务器迁移',
        9, 2, 'checked'),
    ('黄磊', '成都市武侯区', '成都天府餐饮管理有限公司 月末结账问题现场排查',
        20, 2, 'draft_late'),
    ('刘洋', '杭州市西湖区', '杭州西湖茶业有限公司 年度巡检', -5, 2,
        'requested'),
    ('黄磊', '武汉市江汉区', '武汉长江物流有限公司 数据清理', -12, 1,
        'draft'),
    ('刘洋', '广州市天河区', '广州南粤医药连锁有限公司 POS 打印问题',
        -3, 1, 'rejected'),
    ]


def load_expenses(login):
    """Travel requests, tickets, advances, reimbursements and phone bills
    in every state (R-EXP-1..8)"""
    from proteus import Model
    today = dt.date.today()
    login('finance')
    Standard = Model.get('expense.standard')
    for name, position, grade, transport, lodging, meals, phone in (
            EXPENSE_STANDARDS):
        Standard(name=name, position=position, grade=grade,
            transport=transport, lodging_cap=Decimal(lodging),
            meal_allowance=Decimal(meals),
            phone_monthly=Decimal(phone)).save()

    def shanghai(day, hour, minute=0):
        "The UTC datetime of a Shanghai wall-clock time"
        return dt.datetime.combine(day, dt.time(hour, minute)) - (
            dt.timedelta(hours=8))

    for (name, place, purpose, ago, length, state) in TRIPS:
        login('supervisor')
        Employee = Model.get('company.employee')
        TravelRequest = Model.get('expense.travel.request')
        employee, = Employee.find([('party.name', '=', name)])
        start = today - dt.timedelta(days=ago)
        end = start + dt.timedelta(days=length)
        request = TravelRequest(employee=employee)
        request.place = place
        request.purpose = purpose
        request.itinerary = (f'{start:%m月%d日} 出发，'
            f'{end:%m月%d日} 返回')
        request.departure_date = start
        request.return_date = end
        request.transport = 'train_hard_sleeper'
        request.estimated_transport = Decimal(300 * 2)
        request.estimated_lodging = Decimal(120 * length)
        request.estimated_meals = Decimal(30 * (length + 1))
        request.save()
        if state == 'draft':
            continue
        request.click('request')
        if state == 'requested':
            continue
        if state == 'rejected':
            request.rejection_reason = '可远程处理，无需出差'
            request.save()
            request.click('reject')
            continue
        request.click('approve')

        # Administration buys the tickets (R-EXP-6); the flight to
        # Shenzhen was bought online, the exception approved and filed
        login('clerk')
        Ticket = Model.get('expense.travel.ticket')
        ticket = Ticket(
            request=Model.get('expense.travel.request')(request.id))
        ticket.travel_date = start
        ticket.price = Decimal('305')
        if place.startswith('深圳'):
            ticket.kind = 'plane'
            ticket.route = '北京首都—深圳宝安 CA1303'
            ticket.payment_method = 'card'
            ticket.price = Decimal('1280')
            ticket.exception_reason = '周末紧急出发，航空公司官网购票不收支票'
            ticket.save()
            login('manager')
            ticket = Model.get('expense.travel.ticket')(ticket.id)
            ticket.click('approve_exception')
            login('clerk')
            ticket = Model.get('expense.travel.ticket')(ticket.id)
            ticket.click('buy')
            login('finance')
            ticket = Model.get('expense.travel.ticket')(ticket.id)
            ticket.click('file_exception')
        else:
            ticket.kind = 'train'
            ticket.route = f'北京—{place[:2]} 往返'
            ticket.payment_method = 'cash'
            ticket.save()
            ticket.click('buy')

        # The advance of the longer trips (R-EXP-5)
        advance = None
        if length >= 2 and state != 'draft_late':
            login('supervisor')
            Advance = Model.get('expense.advance')
            advance = Advance(
                employee=Model.get('company.employee')(employee.id),
                request=Model.get('expense.travel.request')(request.id),
                amount=Decimal(500 * length), reason='差旅费借支')
            advance.save()
            advance.click('submit')
            login('gm')
            advance = Model.get('expense.advance')(advance.id)
            advance.click('approve')
            login('finance')
            advance = Model.get('expense.advance')(advance.id)
            advance.paid_date = start - dt.timedelta(days=1)
            advance.payment_method = 'cash'
            advance.save()
            advance.click('pay')

        # Back: the reimbursement (R-EXP-1..3, R-EXP-7)
        login('supervisor')
        Reimbursement = Model.get('expense.reimbursement')
        reimbursement = Reimbursement(
            employee=Model.get('company.employee')(employee.id))
        reimbursement.request = Model.get('expense.travel.request')(
            request.id)
        reimbursement.departure = shanghai(start, 8, 30)
        reimbursement.arrival = shanghai(end, 15, 20)
        line = reimbursement.lines.new(kind='transport')
        line.transport = 'train_hard_sleeper'
        line.description = ticket.route
        line.amount = ticket.price * 2
        line.receipt = b'%PDF-1.4 demo tickets'
        line.receipt_name = '车票.pdf'
        line = reimbursement.lines.new(kind='lodging')
        line.description = '如家酒店'
        line.nights = length
        line.amount = Decimal(158 * length)
        if state != 'draft_late':
            line.receipt = b'%PDF-1.4 demo hotel invoice'
            line.receipt_name = '住宿发票.pdf'
        line = reimbursement.lines.new(kind='local_transport')
        line.description = '出租车'
        line.amount = Decimal('46.50')
        line.receipt = b'%PDF-1.4 demo taxi'
        line.receipt_name = '出租车票.pdf'
        reimbursement.save()
        if state == 'draft_late':
            continue
        reimbursement.click('submit')
        reimbursement.click('check')
        if state == 'checked':
            continue
        login('finance')
        reimbursement = Model.get('expense.reimbursement')(reimbursement.id)
        reimbursement.click('verify')
        if state == 'verified':
            continue
        login('gm')
        reimbursement = Model.get('expense.reimbursement')(reimbursement.id)
        reimbursement.click('approve')
        login('finance')
        reimbursement = Model.get('expense.reimbursement')(reimbursement.id)
        reimbursement.settlement_method = 'transfer'
        reimbursement.save()
        reimbursement.click('settle')

    # The supervisor asks for an advance for his own trip, waiting for the
    # general manager (R-EXP-5); the engineers' advances are still open
    login('supervisor')
    Employee = Model.get('company.employee')
    Advance = Model.get('expense.advance')
    huang, = Employee.find([('party.name', '=', '黄磊')])
    liu, = Employee.find([('party.name', '=', '刘洋')])
    li, = Employee.find([('party.name', '=', '李明')])
    advance = Advance(employee=li, amount=Decimal('1500'),
        reason='武汉长江物流有限公司 年度回访出差借支')
    advance.save()
    advance.click('submit')

    # Phone bills (R-EXP-8): last month paid and above the standard, this
    # month handed in and in draft
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    for employee, month, amount, state in [
            (liu, last_month, '168.80', 'paid'),
            (huang, last_month, '92.00', 'approved'),
            (liu, today, '88.00', 'submitted'),
            (huang, today, '131.50', 'draft'),
            ]:
        login('supervisor')
        bill = Model.get('expense.phone_bill')(
            employee=Model.get('company.employee')(employee.id),
            month=month, amount=Decimal(amount))
        bill.receipt = b'%PDF-1.4 demo phone bill'
        bill.receipt_name = '话费账单.pdf'
        bill.save()
        if state == 'draft':
            continue
        bill.click('submit')
        if state == 'submitted':
            continue
        bill.click('approve')
        if state == 'paid':
            login('finance')
            bill = Model.get('expense.phone_bill')(bill.id)
            bill.click('pay')
    print(f"demo expenses loaded: {len(TRIPS)} trips", file=sys.stderr)


def load_contracts(login):
    """Service contracts: running with their serial numbers, one ending
    within a month and reminded, then renewed; one unpaid past its three
    days; sent; draft; one cancelled with its serial revoked (R-CON-1..7)"""
    from proteus import Model
    today = dt.date.today()
    for customer_name, state, end_days, signed_ago, paid_after in CONTRACTS:
        login('specialist')
        Party = Model.get('party.party')
        Employee = Model.get('company.employee')
        Contract = Model.get('service.contract')
        customer, = Party.find([('name', '=', customer_name)])
        contacts = sorted(customer.service_contacts, key=lambda c: c.id)
        contract = Contract()
        contract.customer = customer
        contract.contact = contacts[0]
        contract.representative, = Employee.find(
            [('party.name', '=', '张丽')])
        for installation in sorted(
                customer.installations, key=lambda i: i.id)[:1]:
            contract.installations.append(
                Model.get('service.installation')(installation.id))
        contract.sales_contract = f'XS-{today.year - 1}-{len(customer_name)}'
        contract.end = today + dt.timedelta(days=end_days)
        contract.amount = Decimal('8000') + 1000 * len(contract.installations)
        contract.remarks = '含远程维护、每年两次上门巡检及免费升级'
        contract.save()
        if state == 'draft':
            continue
        contract.click('send')
        if state == 'sent':
            continue
        contract.signed_copy = b'%PDF-1.4 demo fax'
        contract.signed_copy_name = '售后服务合同（客户回传）.pdf'
        contract.signed_on = today - dt.timedelta(days=signed_ago)
        contract.copy_return_date = contract.signed_on
        contract.payment_date_agreed = (
            contract.signed_on + dt.timedelta(days=2))
        contract.invoice_address = f'{customer_name} 财务部'
        contract.invoice_contact = contacts[-1]
        contract.save()
        contract.click('sign')
        if paid_after is not None:
            login('finance')
            contract = Model.get('service.contract')(contract.id)
            contract.paid_on = (
                contract.signed_on + dt.timedelta(days=paid_after))
            contract.save()
            contract.click('pay')
        if state == 'cancelled':
            login('manager')
            contract = Model.get('service.contract')(contract.id)
            contract.click('cancel')
        contract = Model.get('service.contract')(contract.id)
        assert contract.state == state, (customer_name, contract.state)
    # The daily job: the contract ending within a month is reminded, the
    # unpaid one is told to the managers
    login('admin')
    Cron = Model.get('ir.cron')
    cron, = Cron.find([('method', '=', 'service.contract|run_daily')])
    cron.click('run_once')
    login('specialist')
    Contract = Model.get('service.contract')
    expiring, = Contract.find([('reminded_at', '!=', None)])
    expiring.click('renew')
    # R-CRM-6: the manager's monthly targets; last month is totalled
    login('manager')
    Target = Model.get('service.contract.target')
    Employee = Model.get('company.employee')
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    for month, name, contracts, secondary, achieved in [
            (last_month, '张丽', 20000, 8000, 9500),
            (last_month, '马超', 10000, 5000, 3000),
            (this_month, '张丽', 25000, 8000, 2000),
            (this_month, '马超', 12000, 5000, 0)]:
        target = Target(month=month)
        target.specialist, = Employee.find([('party.name', '=', name)])
        target.contract_target = Decimal(contracts)
        target.secondary_target = Decimal(secondary)
        target.secondary_achieved = Decimal(achieved)
        target.save()
        if month == last_month:
            target.click('total')
    print(f"demo contracts loaded: {len(CONTRACTS) + 1}", file=sys.stderr)


def working_days(first, last):
    """The working days from first to last: weekdays less China's public
    holidays, plus the weekend days worked in exchange (调休)"""
    import holidays
    calendar = holidays.China(years=range(first.year, last.year + 1))
    make_up = set(calendar.weekend_workdays)
    day, days = first, []
    while day <= last:
        if day in make_up or (day.weekday() < 5 and day not in calendar):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def shanghai(day, hour, minute=0):
    "A wall-clock time in Shanghai as the naive UTC Tryton stores"
    return (dt.datetime.combine(day, dt.time(hour, minute))
        - dt.timedelta(hours=8))


# R-HR-1: the after-sales department signs in; (name, working day index
# from the end of the month, minutes after 09:00) of the late mornings
LATE = [('刘洋', 12, 12), ('刘洋', 7, 25), ('黄磊', 10, 5)]
ABSENT = ('黄磊', 5)
SITE_NOTICE = ('刘洋', 3)
# (login, name, mobile) of the weekend and holiday duty (R-HR-11)
DUTY = [('刘洋', '13800138001'), ('黄磊', '13800138002')]


def load_hr(login):
    """A month of sign-ins of the after-sales department, some late, one
    absence and one morning at a customer's site phoned in before work,
    classified and one late morning corrected; leave waiting for HR, sick
    leave on, leave approved up the org chart; the duty roster (R-HR-1,
    R-HR-2, R-HR-11)"""
    from proteus import Model, Wizard
    today = dt.date.today()
    days = working_days(today - dt.timedelta(days=31),
        today - dt.timedelta(days=1))

    # The department managers approve leave and correct attendance; only
    # the after-sales department signs in (R-HR-1)
    login('admin')
    ModelData = Model.get('ir.model.data')
    Group = Model.get('res.group')
    User = Model.get('res.user')
    Department = Model.get('service.department')
    Employee = Model.get('company.employee')
    manager_group = Group(ModelData.get_id(
            'service_hr_rules', 'group_department_manager', {}))
    managers = {d.manager.id for d in Department.find([])
        if d.manager}
    users = []
    for user in User.find([('employee', 'in', list(managers))]):
        user.groups.append(Group(manager_group.id))
        users.append(user)
    User.save(users)
    employees = Employee.find([])
    for employee in employees:
        employee.signs_in = bool(
            employee.department and employee.department.code == 'AS')
    Employee.save(employees)
    staff = {e.party.name: e for e in employees if e.signs_in}

    # HR imports the office's time clock: in before work, out after it
    late = {(name, days[-index]): minutes for name, index, minutes in LATE}
    skipped = {(ABSENT[0], days[-ABSENT[1]]),
        (SITE_NOTICE[0], days[-SITE_NOTICE[1]]), ('黄磊', days[-1])}
    login('hr')
    Line = Model.get('attendance.line')
    Employee = Model.get('company.employee')
    lines = []
    for number, day in enumerate(days):
        for offset, (name, employee) in enumerate(sorted(staff.items())):
            if (name, day) in skipped:
                continue
            minutes = late.get((name, day))
            arrival = (shanghai(day, 9, minutes) if minutes
                else shanghai(day, 8, 35 + (number * 7 + offset * 5) % 24))
            for at, type_ in [
                    (arrival, 'in'),
                    (shanghai(day, 17, 35 + (number + offset) % 20), 'out')]:
                line = Line(employee=Employee(employee.id), type=type_)
                line.at = at
                lines.append(line)
    Line.save(lines)

    # 刘洋 went straight to a customer, phoned the supervisor before work
    login('supervisor')
    Party = Model.get('party.party')
    Employee = Model.get('company.employee')
    Notice = Model.get('staff.site_notice')
    customer, = Party.find([('name', '=', '上海东方机械制造有限公司')])
    notice = Notice(employee=Employee(staff[SITE_NOTICE[0]].id))
    notice.date = days[-SITE_NOTICE[1]]
    notice.customer = customer
    notice.site = sorted(customer.service_sites, key=lambda s: s.id)[0]
    notice.phoned_at = shanghai(notice.date, 8, 20)
    notice.notes = '松江工厂服务器无法启动，直接去现场'
    notice.save()

    # R-HR-2: 黄磊 phoned in sick yesterday morning; the supervisor enters
    # and approves it; the hospital's certificate is still to come
    Leave = Model.get('staff.leave')
    sick = Leave(employee=Employee(staff['黄磊'].id), type='sick')
    sick.from_date = days[-1]
    sick.to_date = max(today, days[-1])
    sick.reported_at = shanghai(days[-1], 7, 50)
    sick.reason = '发烧，医院就诊'
    sick.handover = '远程维护单由刘洋跟进'
    sick.substitute = Employee(staff['刘洋'].id)
    sick.contact_phone = DUTY[1][1]
    sick.save()
    sick.click('request')
    sick.click('approve')
    sick.click('take')

    # 刘洋 asks for five days of annual leave in two weeks: the supervisor
    # approves, HR has yet to (请假3天以上)
    login('engineer')
    Leave = Model.get('staff.leave')
    Employee = Model.get('company.employee')
    monday = today + dt.timedelta(days=14 - today.weekday())
    annual = Leave(type='annual')
    week = working_days(monday, monday + dt.timedelta(days=31))[:5]
    annual.from_date, annual.to_date = week[0], week[-1]
    annual.reason = '回老家探亲'
    annual.handover = '上海东方机械的月结支持和两张远程维护单交给黄磊'
    annual.substitute = Employee(staff['黄磊'].id)
    annual.contact_phone = DUTY[0][1]
    annual.save()
    annual.click('request')
    login('supervisor')
    annual = Model.get('staff.leave')(annual.id)
    annual.click('approve')
    assert annual.state == 'waiting_hr', annual.state

    # 张丽 manages the key accounts herself: the service center manager
    # above her approves her personal leave
    login('specialist')
    Leave = Model.get('staff.leave')
    Employee = Model.get('company.employee')
    personal = Leave(type='personal')
    personal.from_date = personal.to_date = working_days(
        today + dt.timedelta(days=10), today + dt.timedelta(days=20))[0]
    personal.reason = '办理房产过户'
    personal.handover = '大客户回访计划顺延一天，紧急事项找马超'
    personal.substitute, = Employee.find([('party.name', '=', '马超')])
    personal.contact_phone = '13800138003'
    personal.save()
    personal.click('request')
    login('manager')
    personal = Model.get('staff.leave')(personal.id)
    personal.click('approve')
    assert personal.state == 'approved', personal.state

    # HR classifies the month; the daily job does it each morning
    login('hr')
    classify = Wizard('staff.attendance.day.classify')
    classify.form.from_date = days[0]
    classify.form.to_date = days[-1]
    classify.execute('classify')

    # The subway broke down: the supervisor corrects a late morning
    login('supervisor')
    Day = Model.get('staff.attendance.day')
    late_day, = Day.find([
            ('employee.party.name', '=', LATE[0][0]),
            ('date', '=', days[-LATE[0][1]]),
            ])
    assert late_day.status == 'late', late_day.status
    correct = Wizard('staff.attendance.day.correct', [late_day])
    correct.form.status = 'present'
    correct.form.reason = '地铁1号线故障停运，已交地铁延误证明'
    correct.execute('correct')
    absent, = Day.find([('status', '=', 'absent')])
    assert absent.employee.party.name == ABSENT[0], absent.employee

    # R-HR-11: the supervisor's duty roster of the weekends and holidays
    Duty = Model.get('staff.duty')
    Employee = Model.get('company.employee')
    first, last = today - dt.timedelta(days=7), today + dt.timedelta(days=21)
    working = set(working_days(first, last))
    duties = []
    day = first
    while day <= last:
        if day not in working:
            name, phone = DUTY[len(duties) % len(DUTY)]
            duty = Duty(date=day, employee=Employee(staff[name].id))
            duty.phone = phone
            duty.notes = '客服电话已呼叫转移到值班手机，录音软件开启'
            duties.append(duty)
        day += dt.timedelta(days=1)
    Duty.save(duties)
    print(f"demo attendance loaded: {len(lines)} sign-ins, "
        f"{len(Day.find([]))} days, 3 leaves, {len(duties)} duties",
        file=sys.stderr)


# R-HR-12: the monthly base salary of each role (元)
BASE_SALARIES = {
    'service_manager': 15000, 'after_sales_supervisor': 12000,
    'service_specialist': 8000, 'return_visit_specialist': 6500,
    'engineer': 9000, 'developer': 13000, 'administration': 6000,
    'finance': 8500, 'hr': 8500, 'general_manager': 15000,
    }
GRADE_RAISES = {'junior': -1500, 'intermediate': 0, 'senior': 2000}
# R-HR-3: the new hires of the after-sales department on probation
# (name, days since hired, days until the end of probation)
NEW_HIRES = [('周杰', 95, -5), ('林峰', 80, 10)]
# R-HR-13: the periodic evaluation of the engineers: (name, technical
# level, attitude, proficiency, new base salary)
EVALUATIONS = [('刘洋', 92, 95, 90, 10000), ('黄磊', 78, 85, 72, 7800)]


def months_back(day, months):
    "The first day of the month months before day's"
    month = day.year * 12 + day.month - 1 - months
    return dt.date(month // 12, month % 12 + 1, 1)


def load_probation(login):
    """Two new hires on probation: one applies with his probation
    assessment, reviewed by the supervisor and waiting for HR, the other's
    probation extended; a base salary for everyone, and the periodic
    evaluation of two engineers that raises their base salary (R-HR-3,
    R-HR-12, R-HR-13)"""
    from proteus import Model
    today = dt.date.today()

    # HR hires two after-sales engineers on probation (临时员工)
    login('admin')
    Party = Model.get('party.party')
    Employee = Model.get('company.employee')
    Department = Model.get('service.department')
    Lang = Model.get('ir.lang')
    zh_cn, = Lang.find([('code', '=', 'zh_CN')])
    after_sales, = Department.find([('code', '=', 'AS')])
    company = Employee.find([])[0].company
    for name, hired, end in NEW_HIRES:
        employee = Employee(
            party=Party(name=name, lang=zh_cn), company=company,
            department=after_sales, service_role='engineer',
            position='after_sales', grade='junior',
            start_date=today - dt.timedelta(days=hired))
        employee.party.save()
        employee.employment = 'temporary'
        employee.probation_end = today + dt.timedelta(days=end)
        employee.save()

    # HR records everyone's base salary from six months ago, a new hire's
    # from his first day
    login('hr')
    Employee = Model.get('company.employee')
    Salary = Model.get('staff.salary')
    since = months_back(today, 6)
    salaries = []
    for employee in Employee.find([], order=[('id', 'ASC')]):
        amount = BASE_SALARIES.get(employee.service_role, 7000)
        amount += GRADE_RAISES.get(employee.grade, 0)
        salary = Salary(employee=employee)
        salary.start_date = max(since, employee.start_date or since)
        salary.amount = Decimal(amount)
        salary.note = '入职定岗' if employee.employment == 'temporary' else (
            '年度定薪')
        salaries.append(salary)
    Salary.save(salaries)
    employees = {e.party.name: e for e in Employee.find([])}

    # R-HR-12: the supervisor assesses 周杰's probation (content set by the
    # service manager); administration files the form
    login('supervisor')
    Assessment = Model.get('staff.assessment')
    Line = Model.get('staff.assessment.line')
    Employee = Model.get('company.employee')
    probation = Assessment(kind='probation')
    probation.employee = Employee(employees['周杰'].id)
    probation.date = today - dt.timedelta(days=8)
    probation.subject = '独立完成一次软件安装培训及十张远程维护单'
    for criterion, weight, score in [
            ('软件安装与培训', 2, 88), ('远程维护', 2, 85),
            ('服务规范与记录', 1, 90)]:
        probation.lines.append(Line(
                criterion=criterion, weight=Decimal(weight),
                score=Decimal(score)))
    probation.comments = '试用期表现良好，能独立处理常见问题'
    probation.save()
    probation.click('assess')
    login('clerk')
    Model.get('staff.assessment')(probation.id).click('file')

    # R-HR-3: 周杰 applies after his probation; the supervisor signs his
    # opinion; the application waits for HR
    login('hr')
    Application = Model.get('staff.probation.application')
    Employee = Model.get('company.employee')
    Assessment = Model.get('staff.assessment')
    application = Application(employee=Employee(employees['周杰'].id))
    application.date = today - dt.timedelta(days=3)
    application.application = (
        '试用期内完成了上海东方机械的软件安装与培训，独立处理远程维护单 12 张，'
        '熟悉了服务流程与服务记录的填写，申请转为正式员工。')
    application.assessment = Assessment(probation.id)
    application.save()
    application.click('submit')
    login('supervisor')
    application = Model.get('staff.probation.application')(application.id)
    application.superior_opinion = '工作认真负责，技术掌握较快，同意转正。'
    application.save()
    application.click('review')
    assert application.state == 'reviewed', application.state

    # R-HR-3: 林峰's remote maintenance is not there yet: two more months
    Event = Model.get('staff.probation.event')
    Employee = Model.get('company.employee')
    extend = Event(employee=Employee(employees['林峰'].id), kind='extend')
    extend.date = today - dt.timedelta(days=1)
    extend.new_end_date = (
        employees['林峰'].probation_end + dt.timedelta(days=61))
    extend.reason = '远程维护技能尚需提高，延长试用期两个月'
    extend.save()
    extend.click('decide')

    # R-HR-13: the quarterly evaluation of the engineers; HR enters the
    # new base salaries (the supervisor does not see salaries), the
    # supervisor signs
    raised_from = months_back(today, -1)
    assessments = []
    for name, technical, attitude, proficiency, _ in EVALUATIONS:
        Assessment = Model.get('staff.assessment')
        Employee = Model.get('company.employee')
        evaluation = Assessment(kind='periodic')
        evaluation.employee = Employee(employees[name].id)
        evaluation.date = today - dt.timedelta(days=2)
        evaluation.period = f'{today.year} 年第 {(today.month - 1) // 3 + 1} 季度'
        for line, score in zip(
                evaluation.lines, [technical, attitude, proficiency]):
            line.score = Decimal(score)
        evaluation.comments = '按季度考核技术水平、服务态度和业务熟练程度'
        evaluation.save()
        assessments.append(evaluation.id)
    login('hr')
    Assessment = Model.get('staff.assessment')
    for assessment_id, (_, _, _, _, amount) in zip(assessments, EVALUATIONS):
        evaluation = Assessment(assessment_id)
        evaluation.new_base_salary = Decimal(amount)
        evaluation.salary_from = raised_from
        evaluation.save()
    login('supervisor')
    Assessment = Model.get('staff.assessment')
    for assessment_id in assessments:
        Assessment(assessment_id).click('assess')
    login('hr')
    Salary = Model.get('staff.salary')
    print(f"demo probation loaded: {len(Salary.find([]))} base salaries, "
        f"{len(Model.get('staff.assessment').find([]))} assessments",
        file=sys.stderr)


def load_fines(login):
    """The fines of the month from the demo's own service events, detected
    by the daily job and decided by the service manager, one objection
    upheld and one rejected; last month's fines by hand and its pay sheet
    closed; the department fund with what it received and spent (R-PEN-1..10,
    R-HR-5, R-HR-10)"""
    from proteus import Model
    today = dt.date.today()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)

    # HR opens the after-sales department's fund (R-PEN-9)
    login('hr')
    Fund = Model.get('staff.fund')
    Department = Model.get('service.department')
    after_sales, = Department.find([('code', '=', 'AS')])
    fund = Fund(name='售后服务部基金', department=after_sales)
    fund.save()

    # The nightly job proposes the fines of the service events: forms
    # handed in late or lost, visits never checked out, remote services
    # without their record
    login('admin')
    Cron = Model.get('ir.cron')
    cron, = Cron.find([('method', '=', 'staff.fine|detect_daily')])
    cron.click('run_once')

    # Last month: the supervisor fines conduct by hand (R-HR-5, R-HR-10)
    login('supervisor')
    Fine = Model.get('staff.fine')
    Penalty = Model.get('staff.penalty')
    Employee = Model.get('company.employee')
    engineers = {e.party.name: e for e in Employee.find([
                ('department.code', '=', 'AS')])}
    saturday = last_month + dt.timedelta(days=(5 - last_month.weekday()) % 7)
    manual = []
    for name, code, amount, day, description in [
            ('刘洋', 'R-HR-10', 20, saturday,
                '周六服务质量会议迟到 25 分钟'),
            ('黄磊', 'R-HR-5', 20, saturday + dt.timedelta(days=4),
                '最后离开办公室未关闭电脑和空调电源'),
            ('黄磊', 'R-HR-9', 30, saturday + dt.timedelta(days=10),
                '客户紧急来电，值班手机两小时联系不上'),
            ]:
        penalty, = Penalty.find([
                ('code', '=', code), ('event', '=', 'manual'),
                ('amount', '<=', amount),
                ], order=[('amount', 'DESC')], limit=1)
        fine = Fine(employee=engineers[name], penalty=penalty)
        fine.date = day
        fine.amount = Decimal(amount)
        fine.description = description
        manual.append(fine)
    Fine.save(manual)

    # The service manager decides: last month's are confirmed (the general
    # manager confirms the service manager's own)
    for user, clause in [('manager', '!='), ('gm', '=')]:
        login(user)
        Fine = Model.get('staff.fine')
        for fine in Fine.find([
                    ('date', '<', today.replace(day=1)),
                    ('state', '=', 'proposed'),
                    ('employee.party.name', clause, '王建国'),
                    ]):
            fine.click('confirm')

    # 刘洋 objects to last month's meeting fine in writing; rejected
    login('engineer')
    Objection = Model.get('staff.fine.objection')
    Fine = Model.get('staff.fine')
    meeting, = Fine.find([('penalty.code', '=', 'R-HR-10')])
    objection = Objection(fine=meeting)
    objection.text = '当天地铁故障，已提前在群里告知主管会晚到'
    objection.save()
    login('manager')
    objection = Model.get('staff.fine.objection')(objection.id)
    objection.decision = '会议通知提前一周发出，群内告知时会议已开始，维持罚款'
    objection.save()
    objection.click('reject')

    # HR closes last month's pay sheet (R-PEN-8)
    login('hr')
    PayMonth = Model.get('staff.pay.month')
    closed = PayMonth(month=last_month)
    closed.save()
    closed.click('compute')
    closed.click('close')

    # This month: the detected fines, most confirmed, one withdrawn on an
    # objection, the rest still proposed
    login('manager')
    Fine = Model.get('staff.fine')
    detected = Fine.find([
            ('state', '=', 'proposed'),
            ('employee.party.name', '!=', '王建国'),
            ], order=[('date', 'ASC'), ('id', 'ASC')])
    for fine in detected[:-1]:
        fine.click('confirm')
    confirmed = [f for f in detected[:-1] if f.employee.party.name == '刘洋']
    if confirmed:
        login('engineer')
        Objection = Model.get('staff.fine.objection')
        objection = Objection(fine=Model.get('staff.fine')(confirmed[0].id))
        objection.text = '客户当天未能签字，次日才取回反馈单，并非本人拖延'
        objection.save()
        login('manager')
        objection = Model.get('staff.fine.objection')(objection.id)
        objection.decision = '经向客户核实情况属实，撤销本次罚款'
        objection.save()
        objection.click('uphold')

    # The fund spends on the department's training books
    login('hr')
    Move = Model.get('staff.fund.move')
    Fund = Model.get('staff.fund')
    fund, = Fund.find([])
    spending = Move(fund=fund, kind='spending')
    spending.amount = Decimal('-45.00')
    spending.description = '购买部门培训教材《数据库性能优化》'
    spending.save()
    current = PayMonth(month=today)
    current.save()
    current.click('compute')
    fund = Fund(fund.id)
    print(f"demo fines loaded: {len(Model.get('staff.fine').find([]))} "
        f"fines, pay month {closed.rec_name} closed, fund {fund.balance}",
        file=sys.stderr)


if __name__ == '__main__':
    main()
