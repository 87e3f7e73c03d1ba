"""Which address the throttles count (skingarden/lib/http.py: client_address):
REMOTE_ADDR unless TRUSTED_PROXIES says how many proxies append to X-Forwarded-For."""

from django.test import RequestFactory, SimpleTestCase, override_settings

from skingarden.lib.http import UNKNOWN_ADDRESS, client_address


def address(remote="192.0.2.10", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


class ClientAddressTests(SimpleTestCase):
    @override_settings(SKINGARDEN_TRUSTED_PROXIES=0)
    def test_without_a_proxy_a_forged_header_is_ignored(self):
        self.assertEqual(address(forwarded="203.0.113.5"), "192.0.2.10")

    @override_settings(SKINGARDEN_TRUSTED_PROXIES=1)
    def test_behind_one_proxy_the_entry_it_appended_counts(self):
        # The client wrote the first entry itself; our proxy appended the second.
        self.assertEqual(
            address(remote="10.0.0.2", forwarded="203.0.113.5, 198.51.100.20"),
            "198.51.100.20",
        )

    @override_settings(SKINGARDEN_TRUSTED_PROXIES=2)
    def test_behind_two_proxies_the_second_entry_from_the_right_counts(self):
        self.assertEqual(
            address(forwarded="203.0.113.5, 198.51.100.20, 10.0.0.9"),
            "198.51.100.20",
        )

    @override_settings(SKINGARDEN_TRUSTED_PROXIES=1)
    def test_a_request_that_missed_the_proxy_counts_by_its_own_address(self):
        self.assertEqual(address(), "192.0.2.10")
        self.assertEqual(address(forwarded="not an address"), "192.0.2.10")

    @override_settings(SKINGARDEN_TRUSTED_PROXIES=0)
    def test_ipv6_counts_by_its_64_network_and_mapped_ipv4_as_ipv4(self):
        self.assertEqual(address(remote="2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64")
        self.assertEqual(address(remote="2001:db8:1:2:ffff::1"), "2001:db8:1:2::/64")
        self.assertEqual(address(remote="::ffff:192.0.2.44"), "192.0.2.44")

    @override_settings(SKINGARDEN_TRUSTED_PROXIES=0)
    def test_no_usable_address_is_one_shared_unknown(self):
        self.assertEqual(address(remote=""), UNKNOWN_ADDRESS)


class TrustedProxySettingTests(SimpleTestCase):
    def read(self, **env):
        from tests import subprocesses

        code = (
            "from django.conf import settings; "
            "print(settings.SKINGARDEN_TRUSTED_PROXIES)"
        )
        return subprocesses.run_python(code, env=subprocesses.clean_environment(**env))

    def test_one_proxy_is_trusted_behind_tls_and_none_otherwise(self):
        self.assertEqual(self.read(BEHIND_TLS_PROXY="True").stdout.strip(), "1")
        self.assertEqual(self.read(BEHIND_TLS_PROXY="False").stdout.strip(), "0")
        self.assertEqual(
            self.read(BEHIND_TLS_PROXY="True", TRUSTED_PROXIES="2").stdout.strip(), "2"
        )

    def test_a_negative_count_stops_the_app(self):
        result = self.read(TRUSTED_PROXIES="-1")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("TRUSTED_PROXIES must be 0 or more.", result.stderr)
