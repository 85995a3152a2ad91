"""The skill graph (data/skill_graph.yaml + the taxonomy's parents): validation, groups, credit."""

from __future__ import annotations

import pytest

from skillgap.analysis.graph import (
    FULL_CREDIT,
    OVERLAP_CREDIT,
    PARENT_CREDIT,
    GraphError,
    SkillGraph,
    load_graph,
    load_graph_data,
    parse_graph,
)


@pytest.fixture(scope="module")
def taxonomy():
    from skillgap.extractors.taxonomy import load_taxonomy

    return load_taxonomy()


def test_bundled_graph_names_are_taxonomy_skills_and_it_has_no_cycle(taxonomy):
    names = {s.name for s in taxonomy.skills}
    graph = load_graph(taxonomy_parents={s.name: s.parent for s in taxonomy.skills}, known=names)
    assert graph.groups, "the reviewed overlap groups load"
    for g in graph.groups:
        assert set(g) <= names


def test_bundled_graph_has_the_reviewed_relations(taxonomy):
    graph = load_graph(taxonomy_parents={s.name: s.parent for s in taxonomy.skills})
    assert set(graph.group_of("dashboards")) == {"dashboards", "data visualization"}
    assert {"ETL", "data pipelines"} <= set(graph.group_of("ETL"))
    assert {"data analysis", "quantitative analysis", "analytical skills"} <= set(graph.group_of("data analysis"))
    assert set(graph.group_of("teamwork")) == {"collaboration", "teamwork"}
    # PyTorch -> deep learning -> machine learning, from the taxonomy's parents
    assert [a for a, _ in graph.ancestors("PyTorch")][:2] == ["deep learning", "machine learning"]


def test_every_problem_is_listed_at_once():
    data = {
        "version": 1,
        "parents": {"A": "B", "B": "A", "C": "C", "Nope": "A"},
        "overlaps": [["A", "D"], ["D", "E"], ["F"], "G"],
        "extra": 1,
    }
    with pytest.raises(GraphError) as err:
        parse_graph(data, source="g.yaml", known={"A", "B", "C", "D", "E", "F", "G"})
    problems = err.value.problems
    text = "\n".join(problems)
    assert "unknown key(s) extra" in text
    assert "'C' is its own parent" in text
    assert "'Nope' is not a skill in the taxonomy" in text
    assert "'D' is already in overlaps[0]" in text
    assert "at least two different skills" in text
    assert "expected a list of skill names" in text
    assert "parent cycle A -> B -> A" in text
    assert str(err.value).startswith("invalid skill graph g.yaml:")
    assert err.value.exit_code == 2


def test_cycle_through_the_taxonomy_parents_is_found():
    with pytest.raises(GraphError, match="parent cycle"):
        parse_graph({"parents": {"machine learning": "PyTorch"}}, source="g",
                    taxonomy_parents={"PyTorch": "deep learning", "deep learning": "machine learning"})


def test_unknown_names_are_inert_when_not_strict_and_taxonomy_parents_stay():
    g = parse_graph({"overlaps": [["A", "B", "Z"], ["Y", "Z2"]], "parents": {"A": "Q"}}, source="g",
                    taxonomy_parents={"PyTorch": "deep learning"}, known={"A", "B"}, strict_names=False)
    assert g.groups == (("A", "B"),) and g.parents == {"PyTorch": ("deep learning",)}


def test_credit_is_the_largest_implied_and_never_flows_down():
    g = SkillGraph(parents={"PyTorch": ("deep learning",), "deep learning": ("machine learning",),
                            "machine learning": ("AI",)},
                   groups=(("dashboards", "data visualization"),))
    c = g.credits({"PyTorch", "dashboards"})
    assert c["PyTorch"].credit == 1.0
    assert c["deep learning"].credit == PARENT_CREDIT and c["deep learning"].via == "PyTorch"
    assert c["machine learning"].credit == PARENT_CREDIT ** 2
    assert "AI" not in c  # at most two steps up
    assert c["data visualization"].credit == OVERLAP_CREDIT and c["data visualization"].relation == "overlap"
    assert "PyTorch" not in g.credits({"deep learning"})  # knowing the broad skill says nothing of the tool
    # listing the broader skill itself gives full credit
    assert g.credits({"PyTorch", "deep learning"})["deep learning"].credit == 1.0


def test_bundled_file_is_valid_yaml_with_the_documented_keys():
    data, source = load_graph_data()
    assert set(data) <= {"version", "parents", "overlaps", "credits", "umbrellas"} and source.endswith("skill_graph.yaml")


def test_bundled_tools_credit_the_concepts_they_imply_in_full(taxonomy):
    graph = load_graph(taxonomy_parents={s.name: s.parent for s in taxonomy.skills},
                       known={s.name for s in taxonomy.skills})
    c = graph.credits({"Tableau", "SQL", "pandas", "scikit-learn", "Git"})
    for concept in ("data visualization", "dashboards", "databases", "relational databases", "data analysis",
                    "machine learning", "version control", "reporting"):
        assert c[concept].credit == FULL_CREDIT and c[concept].relation == "implies", concept
    assert {"algorithms", "big data", "databases", "data analysis", "machine learning"} <= graph.umbrellas


def test_credits_and_umbrellas_are_validated_with_every_problem_listed():
    data = {"credits": {"Tableau": ["Tableau"], "pandas": "data analysis", "X": ["Nope"]},
            "umbrellas": ["databases", "databases", "Nowhere"]}
    with pytest.raises(GraphError) as err:
        parse_graph(data, source="g", known={"Tableau", "pandas", "data analysis", "databases", "X"})
    text = "\n".join(err.value.problems)
    assert "does not credit itself" in text and "non-empty list" in text
    assert "'Nope' is not a skill" in text and "listed twice" in text and "'Nowhere' is not a skill" in text


def test_an_umbrella_is_satisfied_by_tools_and_descendants_only_when_listed_as_umbrella():
    g = SkillGraph(parents={"PostgreSQL": ("relational databases",), "relational databases": ("databases",)},
                   full={"SQL": ("databases",)}, umbrellas=frozenset({"databases"}))
    assert g.concrete_of("databases") == {"SQL", "PostgreSQL", "relational databases"}
    assert g.concrete_of("relational databases") == frozenset()
