# This file is part of the service center suite.  Licensed under the GNU
# General Public License v3 or later; see the LICENSE file at the top level.
"""Drive the sao web client in Debian's Chromium with Playwright.

Never a downloaded browser: Playwright only drives /usr/bin/chromium."""
import os

CHROMIUM = os.environ.get('CHROMIUM', '/usr/bin/chromium')
CHROMIUM_ARGS = [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync']


def login_and_screenshot(url, database, login, password_value, path,
        menu=(), width=1366, height=800):
    """Log into the web client, open the menu entries named in order and
    save a screenshot of what the user sees.  Return the text of the page."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(
                viewport={'width': width, 'height': height},
                locale='zh-CN')
            page.goto(f'{url}/#{database}', wait_until='networkidle')
            password = page.locator('input[type=password]')
            # sao binds its handlers once its scripts ran: a login typed
            # before that is lost, so submit again until it asks for the
            # password.
            for _ in range(5):
                page.wait_for_selector('input#login', state='visible')
                page.fill('input#login', login)
                page.click('.login-dialog button[type=submit]')
                try:
                    password.wait_for(state='visible', timeout=10_000)
                    break
                except PlaywrightTimeout:
                    continue
            password.fill(password_value)
            page.keyboard.press('Enter')
            page.wait_for_selector('#menu', state='visible')
            for name in menu:
                page.locator('#menu').get_by_text(name, exact=True).click()
                page.wait_for_timeout(700)
                # A busy server answers late: wait for its replies
                page.wait_for_load_state('networkidle')
            page.wait_for_timeout(1500)
            page.screenshot(path=path)
            return page.inner_text('body')
        finally:
            browser.close()
