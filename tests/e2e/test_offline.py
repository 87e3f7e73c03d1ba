"""Issue 14 §2 in a real Chromium: the app installs (no installability errors), Today
and the log form open offline, a day logged offline reaches the server once when
the connection returns, a day changed elsewhere meanwhile is chosen by the person,
logging out never drops a queued day silently, and a red flag ticked offline shows
its advice at once.

"Offline" is real for the service worker too: every request of the browser context
is aborted (``context.route``), which Playwright applies to the service worker's
own fetches in Chromium, on top of ``set_offline``."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from skingarden.accounts.selectors import user_today
from skingarden.programmes.catalogue import API_FORM_VERSION, RED_FLAGS
from skingarden.programmes.forms.checkin import FLAGS_UNANSWERED
from skingarden.programmes.models import CheckIn, Programme, RedFlagEvent
from skingarden.test import PASSWORD, make_checkin, make_participant, make_programme
from tests.conftest import chromium_path
from tests.e2e.conftest import CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVERYTHING = "**/*"
THE_API = "**/api/v1/**"
READY = "() => document.documentElement.dataset.offline === 'ready'"
COPY_KEPT = "() => document.documentElement.dataset.offlineReady === 'true'"
SHELL_DRAWN = "() => document.documentElement.dataset.shell === 'ready'"
QUEUE_EMPTY = "() => document.documentElement.dataset.queued === '0'"
# Every day kept on the phone, whoever logged it.
ALL_QUEUED = """() => new Promise((resolve) => {
    const opening = indexedDB.open("skingarden-offline", 1);
    opening.onsuccess = () => {
        const queue = opening.result.transaction("queue").objectStore("queue");
        const counting = queue.count();
        counting.onsuccess = () => resolve(counting.result);
    };
})"""


class Phone:
    """A persistent Chromium profile (an ordinary context is incognito, and Chromium
    then always reports "in-incognito"), on one page, that can lose its connection."""

    def __init__(self, chromium, base_url, profile, code):
        self.code = code
        self.context = chromium.browser_type.launch_persistent_context(
            str(profile),
            executable_path=chromium_path(),
            args=CHROMIUM_ARGS,
            base_url=base_url,
            viewport={"width": 390, "height": 844},
        )
        self.page = self.context.new_page()
        self.base_url = base_url

    def log_in(self, email):
        self.page.goto("/accounts/login/")
        self.page.fill("#id_username", email)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_url("**/today/")
        self.page.wait_for_function(COPY_KEPT, timeout=20_000)

    def go_offline(self):
        self.context.set_offline(True)
        self.context.route(EVERYTHING, lambda route: route.abort())

    def go_online(self, *, api_down=False):
        """Back online; with ``api_down`` the API alone cannot be reached."""
        if api_down:
            self.context.route(THE_API, lambda route: route.abort())
        self.context.unroute(EVERYTHING)
        self.context.set_offline(False)

    def open(self, path, ready=READY):
        self.page.goto(path)
        self.page.wait_for_function(ready, timeout=20_000)

    def log_day_offline(self, day, **scores):
        """Open the day's form offline (the service worker's offline page) and save
        it with the scores given, "none of these" unless a flag is named."""
        self.open(f"/programmes/{self.code}/log/{day.isoformat()}/", SHELL_DRAWN)
        for field, value in scores.items():
            if field == "red_flag":
                self.page.check(f"input[name=red_flags][value={value}]")
            else:
                self.page.click(f"#field-{field} label:has-text('{value}')")
        if "red_flag" not in scores:
            self.page.check("#id_no_red_flags")
        self.page.click("#checkin-form .sticky-save button")
        self.page.wait_for_selector("#offline-saved")

    def send_queue(self):
        self.open("/today/")
        self.page.wait_for_function(QUEUE_EMPTY, timeout=20_000)


@pytest.fixture
def participant():
    user = make_participant("ola@example.org")
    today = user_today(user=user)
    start = today - timedelta(days=3)
    programme = make_programme(user, start=start, today=start)
    return user, programme, today


@pytest.fixture
def phone(chromium, live_server, tmp_path, participant):
    phone = Phone(chromium, live_server.url, tmp_path / "profile", participant[1].code)
    yield phone
    phone.context.close()


def test_chromium_reports_no_installability_errors(phone):
    phone.log_in("ola@example.org")
    scope = phone.page.evaluate(
        "navigator.serviceWorker.ready.then((found) => found.scope)"
    )
    assert scope == phone.page.url.split("/today/")[0] + "/"
    cdp = phone.context.new_cdp_session(phone.page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["errors"] == []
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert cdp.send("Page.getInstallabilityErrors") == {"installabilityErrors": []}


def test_today_and_the_form_open_offline_and_the_day_is_saved_once(phone, participant):
    _, programme, today = participant
    phone.log_in("ola@example.org")
    phone.go_offline()
    phone.open("/today/", SHELL_DRAWN)
    main = phone.page.inner_text("main")
    assert "You are offline. This is your plan as Skin Garden last sent it." in main
    assert "Baseline (no kefir), day 4" in main
    phone.page.click("text=Log today")
    phone.page.wait_for_function(SHELL_DRAWN, timeout=20_000)
    phone.log_day_offline(today, worst_itch=6, sleep_loss=3)
    assert "Saved on this phone: your log of" in phone.page.inner_text("#offline-saved")
    assert not CheckIn.objects.filter(programme=programme).exists()
    # Still offline, Today says the day waits on the phone.
    phone.open("/today/", SHELL_DRAWN)
    assert "Today is saved on this phone" in phone.page.inner_text("main")

    # The connection returns while the offline Today is open: it sends the day.
    phone.go_online()
    phone.page.wait_for_function(QUEUE_EMPTY, timeout=20_000)
    sent = phone.page.inner_text("#offline-queue .sent")
    assert sent == f"Sent to Skin Garden: {today:%A %-d %B}."
    phone.open("/today/")  # opening Today again sends nothing twice
    assert "Today is logged." in phone.page.inner_text("main")
    saved = CheckIn.objects.get(programme=programme)
    assert (saved.date, saved.worst_itch, saved.sleep_loss) == (today, 6, 3)
    assert (saved.red_flags, saved.version, saved.form_version) == (
        [],
        1,
        API_FORM_VERSION,
    )


def test_a_day_changed_elsewhere_shows_both_versions_and_the_choice_holds(
    phone, participant
):
    _, programme, today = participant
    yesterday = today - timedelta(days=1)
    phone.log_in("ola@example.org")
    phone.go_offline()
    phone.log_day_offline(today, worst_itch=6)
    phone.log_day_offline(yesterday, worst_itch=5)
    # Meanwhile both days are logged from another device.
    make_checkin(programme, today, worst_itch=2)
    make_checkin(programme, yesterday, today=today, worst_itch=3)
    # Back online, the open page sends both days and finds them changed.
    phone.go_online()
    cards = phone.page.locator("#offline-queue .conflict")
    expect(cards).to_have_count(2)
    first, second = cards.nth(0), cards.nth(1)  # oldest first: yesterday, then today
    assert "was changed elsewhere" in first.inner_text()
    itch = first.locator("tr", has_text="Worst itch")
    assert itch.locator("td").all_inner_texts() == ["5", "3"]
    assert second.locator("tr", has_text="Worst itch").locator(
        "td"
    ).all_inner_texts() == ["6", "2"]

    first.locator(".keep-theirs").click()
    expect(cards).to_have_count(1)
    cards.locator(".keep-mine").click()
    phone.page.wait_for_function(QUEUE_EMPTY, timeout=20_000)
    kept_theirs = CheckIn.objects.get(programme=programme, date=yesterday)
    kept_mine = CheckIn.objects.get(programme=programme, date=today)
    assert (kept_theirs.worst_itch, kept_theirs.version) == (3, 1)
    assert (kept_mine.worst_itch, kept_mine.version) == (6, 2)
    assert CheckIn.objects.filter(programme=programme).count() == 2


def test_logging_out_sends_the_queue_or_asks_before_deleting_it(phone, participant):
    _, programme, today = participant
    yesterday = today - timedelta(days=1)
    phone.log_in("ola@example.org")
    phone.go_offline()
    phone.log_day_offline(today, worst_itch=6)
    # The connection is back, but the API cannot be reached.
    phone.go_online(api_down=True)
    phone.open("/accounts/logout/")
    phone.page.click("#logout-form button")
    warning = phone.page.locator("#logout-warning")
    warning.wait_for()
    assert "has not reached Skin Garden" in warning.inner_text()
    phone.page.click("text=Stay logged in and send it later")
    phone.page.wait_for_url("**/today/")
    assert not CheckIn.objects.filter(programme=programme).exists()

    phone.context.unroute_all()
    phone.send_queue()
    assert CheckIn.objects.get(programme=programme).worst_itch == 6

    # A second day that cannot be sent is deleted only when the person says so.
    phone.go_offline()
    phone.log_day_offline(yesterday, worst_itch=5)
    phone.go_online(api_down=True)
    phone.open("/accounts/logout/")
    phone.page.click("#logout-form button")
    phone.page.click("#logout-delete")
    phone.page.wait_for_url(phone.base_url + "/")
    phone.page.wait_for_function(READY)
    # Signed out: the navigation offers signing in (text_content: on a phone's width
    # the wide bar is hidden).
    assert "Log in" in (phone.page.locator("header .nav-wide").text_content() or "")
    assert phone.page.evaluate(ALL_QUEUED) == 0
    assert not phone.page.evaluate("caches.has('skingarden-person')")
    assert list(CheckIn.objects.filter(programme=programme).values_list("date")) == [
        (today,)
    ]


def test_a_red_flag_ticked_offline_shows_its_advice_at_once(phone, participant):
    _, programme, today = participant
    phone.log_in("ola@example.org")
    phone.go_offline()
    phone.log_day_offline(today, worst_itch=6, red_flag="allergic_reaction")
    advice = phone.page.inner_text("#offline-red-flags")
    flag = RED_FLAGS["allergic_reaction"]
    assert "Stop kefir and get help" in advice
    assert "Call emergency services now" in advice
    assert flag.advice in advice

    phone.go_online()
    phone.page.wait_for_function(QUEUE_EMPTY, timeout=20_000)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PAUSED
    assert list(RedFlagEvent.objects.values_list("flag", flat=True)) == [
        "allergic_reaction"
    ]


def test_another_person_signing_in_gets_their_own_copy_and_never_sees_a_queue(
    phone, participant
):
    _, programme, today = participant
    other = make_participant("pat@example.org")
    theirs = make_programme(other, start=today, today=today)
    phone.log_in("ola@example.org")
    phone.go_offline()
    phone.log_day_offline(today, worst_itch=6)
    # Ola's session ends without logging out; Pat signs in on the same phone.
    phone.context.unroute_all()
    phone.context.clear_cookies()
    phone.context.set_offline(False)
    phone.log_in("pat@example.org")
    cached = phone.page.evaluate(
        "async () => (await caches.match('/offline/page')).text()"
    )
    assert str(theirs.code) in cached
    assert str(programme.code) not in cached
    phone.page.wait_for_function(QUEUE_EMPTY, timeout=20_000)
    assert phone.page.locator("#offline-queue").count() == 0
    assert phone.page.evaluate(ALL_QUEUED) == 1
    phone.open("/accounts/logout/")
    phone.page.click("#logout-form button")
    phone.page.wait_for_url(phone.base_url + "/")
    assert not CheckIn.objects.exists()

    # Back as Ola, the waiting day is sent.
    phone.log_in("ola@example.org")
    phone.page.wait_for_function(QUEUE_EMPTY, timeout=20_000)
    assert CheckIn.objects.get().programme == programme


def test_a_form_the_server_would_refuse_is_not_kept_offline(phone, participant):
    _, _, today = participant
    phone.log_in("ola@example.org")
    phone.go_offline()
    phone.open(f"/programmes/{phone.code}/log/{today.isoformat()}/", SHELL_DRAWN)
    phone.page.click("#checkin-form .sticky-save button")
    errors = phone.page.locator("#offline-errors li")
    expect(errors).to_have_text(["This field is required.", FLAGS_UNANSWERED])
    assert errors.first.locator("a").get_attribute("href") == "#field-worst_itch"
    assert phone.page.evaluate(ALL_QUEUED) == 0
    # A day before the programme shows why instead of a form.
    before = today - timedelta(days=4)
    phone.open(f"/programmes/{phone.code}/log/{before.isoformat()}/", SHELL_DRAWN)
    assert phone.page.locator("#checkin-form").count() == 0
    assert phone.page.inner_text("#offline-refused-text") == (
        f"Your programme starts on {today - timedelta(days=3):%A %-d %B}, so there "
        "is nothing to log for this day."
    )
