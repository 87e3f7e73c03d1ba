from django.urls import reverse

from skingarden.test import BaseTestCase


class PagesRenderTests(BaseTestCase):
    def test_every_participant_page_renders_for_the_owner(self):
        self.login(self.alice)
        code = self.programme.code
        urls = [
            reverse("programmes:dashboard"),
            reverse("programmes:start"),
            reverse("programmes:list"),
            reverse("programmes:detail", args=[code]),
            reverse("programmes:checkin_list", args=[code]),
            reverse("programmes:supplies", args=[code]),
            reverse("programmes:chart", args=[code]),
            reverse("programmes:checkin", args=[code, self.today.isoformat()]),
            reverse("programmes:red_flags", args=[code]),
            reverse("programmes:patch_tests"),
            reverse("accounts:profile"),
            reverse("accounts:safety_screen"),
            reverse("accounts:safety_screen_result"),
        ]
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, response.content[:3000])
