"""The pabulib .pb reader and writer: real files, round trips, and broken input named by line."""

from pathlib import Path

import pytest
from pabutools.election import parse_pabulib

from auyl.initiatives import pabulib
from auyl.initiatives.outcomes import Instance
from auyl.initiatives.pabulib import PabulibError

DATA = Path(__file__).resolve().parent / "data"
REAL = ["France_Toulouse_2022.pb", "Poland_Warszawa_2023_Ursus.pb", "Poland_Lodz_2022.pb"]

SMALL = """META
key;value
description;Aul civic projects
country;Kazakhstan
unit;Krasnoyarsky
instance;2025
num_projects;3
num_votes;4
budget;1000000
vote_type;approval
rule;greedy
max_sum_cost;1000000
PROJECTS
project_id;cost;name;category
1;600000;"Lights on Abay street; phase 1";lighting
2;400000;"The ""Balapan"" playground";play grounds
10;250000;Trees by the school;greening
VOTES
voter_id;vote;age
v1;1,2;34
v2;2;
v3;;51
v4;10,1;70
"""


def test_parse_reads_sections_columns_and_ballots():
    meta, instance = pabulib.parse(SMALL)
    assert meta["meta"]["unit"] == "Krasnoyarsky" and meta["meta"]["max_sum_cost"] == "1000000"
    assert instance == Instance(
        1000000, ["1", "2", "10"], [600000, 400000, 250000], [[0, 1], [1], [], [2, 0]]
    )
    assert meta["projects"][0] == {"name": "Lights on Abay street; phase 1", "category": "lighting"}
    assert meta["projects"][1]["name"] == 'The "Balapan" playground'
    assert meta["voters"] == {"voter_id": ["v1", "v2", "v3", "v4"], "age": ["34", "", "51", "70"]}


def test_dump_writes_the_same_text_back():
    assert pabulib.dump(*pabulib.parse(SMALL)) == SMALL


def test_parse_accepts_bytes_paths_bom_crlf_and_decimal_costs(tmp_path):
    text = SMALL.replace("600000;", "600000.0;").replace("budget;1000000", "budget;1000000,00")
    path = tmp_path / "aul.pb"
    path.write_bytes(("\ufeff" + text).replace("\n", "\r\n").encode())
    expected = pabulib.parse(SMALL)
    assert pabulib.parse(path) == expected == pabulib.parse(str(path)) == pabulib.parse(path.read_bytes())


def test_dump_without_columns_numbers_the_voters():
    instance = Instance(10, ["a", "b"], [4, 6], [[0], [0, 1]])
    text = pabulib.dump({"meta": {"description": "test"}}, instance)
    assert text.startswith("META\nkey;value\ndescription;test\nnum_projects;2\nnum_votes;2\nbudget;10\n")
    assert text.endswith("VOTES\nvoter_id;vote\n1;a\n2;a,b\n")
    assert pabulib.parse(text)[1] == instance
    with pytest.raises(ValueError, match="only approval"):
        pabulib.dump({"meta": {"vote_type": "ordinal"}}, instance)


@pytest.mark.parametrize("name", REAL)
def test_real_files_parse_and_round_trip(name):
    meta, instance = pabulib.parse(DATA / name)
    assert len(instance.project_ids) == int(meta["meta"]["num_projects"])
    assert len(instance.ballots) == int(meta["meta"]["num_votes"])
    again = pabulib.parse(pabulib.dump(meta, instance))
    assert again == (meta, instance)


@pytest.mark.parametrize("name", REAL[:2])
def test_real_files_read_as_pabutools_reads_them(name):
    _, ours = pabulib.parse(DATA / name)
    theirs = pabulib.from_pabutools(*parse_pabulib(str(DATA / name)))
    order = sorted(range(len(ours.project_ids)), key=ours.project_ids.__getitem__)
    position = {p: i for i, p in enumerate(order)}
    assert [ours.project_ids[p] for p in order] == theirs.project_ids
    assert [ours.costs[p] for p in order] == theirs.costs and ours.budget == theirs.budget
    assert [sorted(position[p] for p in ballot) for ballot in ours.ballots] == theirs.ballots


def test_pabutools_conversion_round_trips():
    _, instance = pabulib.parse(SMALL)
    back = pabulib.from_pabutools(*pabulib.to_pabutools(instance))
    assert back.project_ids == ["1", "10", "2"] and back.costs == [600000, 250000, 400000]
    assert back.ballots == [[0, 2], [2], [], [0, 1]]


def _broken(old: str, new: str) -> str:
    assert old in SMALL
    return SMALL.replace(old, new)


@pytest.mark.parametrize(
    "text, message",
    [
        (_broken("VOTES\n", "VOTE\n"), "The file has no VOTES section."),
        (_broken("PROJECTS\n", ""), "The file has no PROJECTS section."),
        (_broken("v4;10,1;70", "v4;10,7;70"), "Line 23: the vote names project 7, which is not in PROJECTS."),
        (
            _broken("10;250000;", "10;250000.5;"),
            "Line 17: cost “250000.5” is not a whole non-negative number.",
        ),
        (_broken("10;250000;", "10;a lot;"), "Line 17: cost “a lot” is not a whole non-negative number."),
        (_broken("2;400000;", "2;-400000;"), "Line 16: cost “-400000” is not a whole non-negative number."),
        (_broken("v4;", "v2;"), "Line 23: voter v2 appears twice (first on line 21)."),
        (_broken("10;250000;", "2;250000;"), "Line 17: project 2 appears twice."),
        (
            _broken("vote_type;approval", "vote_type;cumulative"),
            "Line 10: vote type “cumulative” is not supported",
        ),
        (_broken("budget;1000000\n", ""), "The META section has no budget."),
        (_broken("v1;1,2;", "v1;1,2,1;"), "Line 20: the vote names a project twice."),
        (_broken("v2;2;", "v2;2;;"), "Line 21: 4 fields where the header has 3."),
        (
            _broken("voter_id;vote;age", "voter;vote;age"),
            "Line 19: the VOTES header lacks the column voter_id.",
        ),
        (
            _broken("project_id;cost;name", "project_id;price;name"),
            "Line 14: the PROJECTS header lacks the column cost.",
        ),
        (_broken("v3;;51", "v3;;51\nMETA"), "Line 23: the META section appears twice."),
        (
            "PROJECTS\nproject_id;cost\nMETA\nkey;value\nVOTES\nvoter_id;vote\n",
            "Line 1: the PROJECTS section must come after META.",
        ),
    ],
)
def test_broken_files_are_refused_with_the_line(text, message):
    with pytest.raises(PabulibError) as caught:
        pabulib.parse(text)
    assert message in str(caught.value)
    assert isinstance(caught.value, ValueError)
