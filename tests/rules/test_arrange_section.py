"""A style's ``arrange:`` section: inherited, overridden, and checked with file, line and key."""

from __future__ import annotations

import composer


def test_shipped_styles_declare_whether_they_arrange():
    arranging = {name: composer.load_style(name).arrange.by_default
                 for name in ("default", "folk", "film", "game", "hymn")}
    assert arranging == {"default": False, "folk": False, "film": True, "game": True, "hymn": True}


def test_a_child_inherits_and_overrides_the_section(style_of, write_style):
    write_style("""\
        name: parent
        extends: default
        arrange:
          by_default: true
        """, name="parent.yaml")
    assert style_of("name: child\nextends: parent.yaml\n", name="child.yaml").arrange.by_default
    assert not style_of("name: quiet\nextends: film\narrange: {by_default: false}\n", name="q.yaml").arrange.by_default


def test_bad_sections_name_the_file_line_and_key(errors_of):
    errors = errors_of("""\
        name: broken
        extends: default
        arrange:
          by_defualt: true
        """)
    assert errors == ["s.yaml:4 [arrange.by_defualt]: unknown key 'by_defualt'; did you mean 'by_default'?"]
    errors = errors_of("name: broken\nextends: default\narrange:\n  by_default: 'yes'\n")
    assert errors == ["s.yaml:4 [arrange.by_default]: by_default must be true or false, got 'yes'"]
    errors = errors_of("name: broken\nextends: default\narrange: true\n")
    assert len(errors) == 1 and errors[0].startswith("s.yaml:3 [arrange]: arrange must be a mapping")
