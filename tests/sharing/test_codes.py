"""Invitation codes: Crockford's base32 in groups of four, 80 random bits, read back
whatever the case, spacing, dashes or look-alike letters."""

from unittest import TestCase

from skingarden.sharing import codes

# Crockford's base32 (crockford.com/base32.html): the digits and the capitals less
# I, L, O and U.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class CodeTests(TestCase):
    def test_codes_use_crockfords_alphabet_and_carry_at_least_60_bits(self):
        self.assertEqual(codes.ALPHABET, CROCKFORD)
        self.assertEqual(codes.BITS, 80)
        drawn = [codes.new_code() for _ in range(500)]
        self.assertEqual(len(set(drawn)), 500)
        self.assertEqual({len(code) for code in drawn}, {16})
        self.assertEqual(set("".join(drawn)), set(CROCKFORD))

    def test_a_code_is_shown_in_groups_of_four(self):
        self.assertEqual(codes.grouped("7KQ2M9XD4HRTB6WN"), "7KQ2-M9XD-4HRT-B6WN")

    def test_reading_forgives_case_spacing_dashes_and_look_alikes(self):
        for typed in (
            "7KQ2-M9XD-4HRT-B6WN",
            "7kq2 m9xd 4hrt b6wn",
            "7KQ2M9XD4HRTB6WN",
            " 7KQ2 \u2013 M9XD \u2014 4HRT \u2010 B6WN\n",
            "7KQ2.M9XD.4HRT.B6WN",
        ):
            with self.subTest(typed=typed):
                self.assertEqual(codes.canonical(typed), "7KQ2M9XD4HRTB6WN")
        self.assertEqual(codes.canonical("1O1I-l0o0-0000-0000"), "1011100000000000")

    def test_what_cannot_be_a_code_reads_as_none(self):
        for typed in (
            "",
            "7KQ2-M9XD-4HRT",
            "7KQ2-M9XD-4HRT-B6WNX",
            "7KQ2-M9XD-4HRT-B6WU",
        ):
            with self.subTest(typed=typed):
                self.assertIsNone(codes.canonical(typed))

    def test_an_older_code_is_tried_as_typed_as_well(self):
        old = "Zk3-_q9W0aBcDeFgHiJkLmNoPqRsTuVw"
        self.assertEqual(codes.hashes_to_try(f" {old} "), [codes.code_hash(old)])
        self.assertEqual(
            codes.hashes_to_try("7kq2 m9xd 4hrt b6wn"),
            [
                codes.code_hash("7KQ2M9XD4HRTB6WN"),
                codes.code_hash("7kq2 m9xd 4hrt b6wn"),
            ],
        )
        self.assertEqual(codes.hashes_to_try("  "), [])
