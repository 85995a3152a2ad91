"""The taxonomy: the bundled file is valid and resolves every form; validation reports all problems."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from skillgap.extractors.taxonomy import (
    GATES,
    STOPWORDS,
    Skill,
    Taxonomy,
    TaxonomyError,
    load_taxonomy,
    normalize_key,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "taxonomy_small.yaml"
SHARED_DEV = ROOT.parent / "shared" / "data" / "postings" / "dev.jsonl"

# The curated file (taxonomy.yaml): the rules below are about it. The derived vocabulary that
# load_taxonomy() adds by default is tested in test_skill_candidates.py.
BUNDLED = load_taxonomy(extended=False)
ALL_FORMS = [(s.name, form) for s in BUNDLED.skills for form in s.forms]

# Words that must never be an ungated surface form (SkillSpan's frequent false positives and
# other everyday words). Independent of the loader's own STOPWORDS on purpose.
COMMON_WORDS = {
    "to", "or", "and", "a", "an", "in", "on", "of", "for", "with", "the", "at", "by", "as", "is",
    "it", "be", "we", "you", "data", "design", "business", "software", "tools", "technology",
    "systems", "solutions", "development", "experience", "skills", "team", "work", "go",
    "make", "excel", "spark", "shell", "research", "analysis", "reporting", "modeling", "models",
    "lambda", "swift", "rust", "julia", "ruby", "r", "c", "cv", "access", "word", "present",
    "flexible", "driven", "motivated", "mentor", "engineering", "performance", "architecture",
    "analytics", "mobile", "infrastructure",
}

# Generic technical words that postings do ask for as skills (SkillSpan labels them KNOWLEDGE;
# measured on SkillSpan train/dev and postings dev: each raised span F1 without lowering skill F1).
# They are allowed as forms, but only for these skills.
GENERIC_TECH_TERMS = {
    "cloud": "cloud computing",
    "testing": "software testing",
    "security": "cybersecurity",
    "networking": "computer networks",
    "agile": "Agile",  # gated: exact lower case only
    "automation": "automation",
    "database": "databases",
    "software development": "software development",
}

# Forms that describe the employer, a team or a field of study far more often than a skill asked
# of the candidate (postings labelling guide): they resolve (profiles, labels) but never match.
RESOLVE_ONLY_FORMS = {
    "data science": "data science",
    "programming": "programming",
    "programming skills": "programming",
    "mathematics": "mathematics",
    "math": "mathematics",
    "decision making": "decision making",
    "decision-making": "decision making",
    "work ethic": "work ethic",
    "hardworking": "work ethic",
    "grit": "resilience",
    "creative": "creativity",
    "ownership": "ownership",
    "data-driven decisions": "data-driven decision making",
}

# StackOverflow tag spellings seen in SkillSpan's "Technologies" lines, plus common variants.
TAG_SPELLINGS = {
    "amazon-web-services": "AWS",
    "google-cloud-platform": "GCP",
    "reactjs": "React",
    "java-ee": "Java EE",
    "J2EE": "Java EE",
    "spring-boot": "Spring Boot",
    "spring-mvc": "Spring",
    "continuous-integration": "CI/CD",
    "web-services": "web services",
    "ruby-on-rails": "Ruby on Rails",
    ".net-core": ".NET",
    "rx-java": "ReactiveX",
    "ionic-framework": "Ionic",
    "user-experience": "UX design",
    "user-interface": "frontend development",
    "linux-kernel": "operating systems",
}


def write(tmp_path: Path, body: str, name: str = "tax.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


HEADER = """\
version: 1
categories: [language, framework, ml_concept, tool, soft_skill]
skills:
"""


# -- the bundled file ----------------------------------------------------------------------------


def test_bundled_taxonomy_loads_with_enough_skills() -> None:
    assert isinstance(BUNDLED, Taxonomy)
    assert len(BUNDLED.skills) >= 650
    assert len(BUNDLED) == len(BUNDLED.skills)
    assert "skillgap.data" in BUNDLED.source


def test_default_load_is_cached() -> None:
    assert load_taxonomy() is load_taxonomy()
    assert load_taxonomy(extended=False) is load_taxonomy(extended=False)


def test_default_load_works_from_any_directory(tmp_path: Path) -> None:
    code = (
        "import sys; from skillgap.extractors.taxonomy import load_taxonomy; "
        "t = load_taxonomy(extended=False); "
        "assert not any(m.split('.')[0] in ('pipelines', 'analysis') for m in sys.modules), 'import leak'; "
        "print(len(t.skills))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert int(out.stdout.strip()) == len(BUNDLED.skills)


def test_bundled_categories_cover_the_design() -> None:
    required = {
        "language", "framework", "library", "tool", "platform", "cloud", "database", "ml_concept",
        "data_concept", "math_statistics", "cs_concept", "practice", "soft_skill",
    }
    assert required <= set(BUNDLED.categories)
    used = {s.category for s in BUNDLED.skills}
    assert used == set(BUNDLED.categories), "every declared category is used"


@pytest.mark.parametrize(("name", "form"), ALL_FORMS, ids=[f"{n}|{f}" for n, f in ALL_FORMS])
def test_every_form_resolves_to_its_own_skill(name: str, form: str) -> None:
    assert BUNDLED.resolve(form).name == name
    assert BUNDLED.resolve(form.lower()).name == name
    assert BUNDLED.resolve(form.upper()).name == name
    assert BUNDLED.resolve(f"  {form} ").name == name


def test_no_form_is_a_common_word() -> None:
    bad = []
    for s in BUNDLED.skills:
        for form in s.forms:
            if GENERIC_TECH_TERMS.get(form.casefold()) == s.name:
                continue
            if s.is_gated(form):
                # Gated forms match only in their exact case; a lower-case common word never may.
                if form in COMMON_WORDS or form in STOPWORDS:
                    bad.append((s.name, form))
            elif form.casefold() in COMMON_WORDS or form.casefold() in STOPWORDS:
                bad.append((s.name, form))
    assert bad == []


def test_ungated_forms_have_no_case_only_duplicates() -> None:
    # Ungated forms may be matched case-insensitively, so case-only variants are noise.
    dupes = []
    for s in BUNDLED.skills:
        seen: dict[str, str] = {}
        for form in s.forms:
            key = form.casefold()
            if key in seen and not (s.is_gated(form) or s.is_gated(seen[key])):
                dupes.append((s.name, seen[key], form))
            seen.setdefault(key, form)
    assert dupes == []


def test_bundled_skills_are_well_formed() -> None:
    for s in BUNDLED.skills:
        assert s.kind in ("hard", "soft"), s
        if s.category == "soft_skill":
            assert s.kind == "soft", s
        assert s.gate is None or s.gate in GATES, s
        assert bool(s.gate) == bool(s.gate_forms), s
        assert set(s.gate_forms) <= set(s.forms), s
        if s.parent is not None:
            assert BUNDLED.get(s.parent) is not None, s


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("python", "Python"), ("SQL", "SQL"), ("R", "R"), ("Java", "Java"), ("Scala", "Scala"),
        ("C++", "C++"), ("C", "C"), ("C#", "C#"), ("Go", "Go"), ("golang", "Go"), ("Rust", "Rust"),
        ("Julia", "Julia"), ("JavaScript", "JavaScript"), ("TypeScript", "TypeScript"),
        ("Bash", "Bash"), ("MATLAB", "MATLAB"), ("SAS", "SAS"),
        ("PyTorch", "PyTorch"), ("torch", "PyTorch"), ("TensorFlow", "TensorFlow"), ("Keras", "Keras"),
        ("JAX", "JAX"), ("sklearn", "scikit-learn"), ("scikit learn", "scikit-learn"),
        ("Scikit-Learn", "scikit-learn"), ("XGBoost", "XGBoost"), ("LightGBM", "LightGBM"),
        ("CatBoost", "CatBoost"), ("pandas", "pandas"), ("NumPy", "NumPy"), ("SciPy", "SciPy"),
        ("Polars", "Polars"), ("statsmodels", "statsmodels"), ("spaCy", "spaCy"), ("NLTK", "NLTK"),
        ("Hugging Face", "Hugging Face Transformers"), ("HuggingFace", "Hugging Face Transformers"),
        ("Hugging Face Transformers", "Hugging Face Transformers"), ("LangChain", "LangChain"),
        ("LlamaIndex", "LlamaIndex"), ("OpenCV", "OpenCV"), ("ONNX", "ONNX"),
        ("TensorRT", "TensorRT"), ("vLLM", "vLLM"), ("Ray", "Ray"), ("Dask", "Dask"),
        ("Spark", "Spark"), ("Apache Spark", "Spark"), ("PySpark", "PySpark"),
        ("MLflow", "MLflow"), ("Kubeflow", "Kubeflow"), ("Airflow", "Airflow"), ("dbt", "dbt"),
        ("Docker", "Docker"), ("Kubernetes", "Kubernetes"), ("k8s", "Kubernetes"), ("Git", "Git"),
        ("Terraform", "Terraform"), ("Weights & Biases", "Weights & Biases"),
        ("wandb", "Weights & Biases"), ("DVC", "DVC"), ("FastAPI", "FastAPI"), ("Flask", "Flask"),
        ("AWS", "AWS"), ("Amazon Web Services", "AWS"), ("GCP", "GCP"),
        ("Google Cloud Platform", "GCP"), ("Google Cloud", "GCP"), ("Azure", "Azure"),
        ("SageMaker", "SageMaker"), ("Vertex AI", "Vertex AI"), ("Azure ML", "Azure Machine Learning"),
        ("Databricks", "Databricks"), ("Snowflake", "Snowflake"), ("BigQuery", "BigQuery"),
        ("Redshift", "Amazon Redshift"), ("Lambda", "AWS Lambda"), ("PostgreSQL", "PostgreSQL"),
        ("Postgres", "PostgreSQL"), ("MySQL", "MySQL"), ("MongoDB", "MongoDB"), ("Redis", "Redis"),
        ("Elasticsearch", "Elasticsearch"), ("Cassandra", "Cassandra"), ("Pinecone", "Pinecone"),
        ("FAISS", "FAISS"), ("Weaviate", "Weaviate"), ("Milvus", "Milvus"), ("pgvector", "pgvector"),
        ("Tableau", "Tableau"), ("Power BI", "Power BI"), ("PowerBI", "Power BI"),
        ("Looker", "Looker"), ("Excel", "Excel"), ("Google Sheets", "Google Sheets"),
        ("machine learning", "machine learning"), ("ML", "machine learning"),
        ("AI", "artificial intelligence"),
        ("deep learning", "deep learning"), ("natural language processing", "NLP"), ("NLP", "NLP"),
        ("computer vision", "computer vision"), ("CV", "computer vision"),
        ("reinforcement learning", "reinforcement learning"), ("large language models", "LLMs"),
        ("LLM", "LLMs"), ("LLMs", "LLMs"), ("generative AI", "generative AI"), ("GenAI", "generative AI"),
        ("RAG", "RAG"), ("retrieval-augmented generation", "RAG"), ("fine-tuning", "fine-tuning"),
        ("fine tuning", "fine-tuning"), ("prompt engineering", "prompt engineering"),
        ("transformers", "transformers"), ("recommender systems", "recommender systems"),
        ("recommendation systems", "recommender systems"),
        ("time series forecasting", "time series forecasting"),
        ("anomaly detection", "anomaly detection"), ("feature engineering", "feature engineering"),
        ("model deployment", "model deployment"), ("MLOps", "MLOps"),
        ("data visualization", "data visualization"), ("data modeling", "data modeling"),
        ("data warehousing", "data warehousing"), ("ETL", "ETL"), ("ELT", "ELT"),
        ("data pipelines", "data pipelines"), ("data pipeline", "data pipelines"), ("APIs", "APIs"),
        ("API", "APIs"), ("statistics", "statistics"), ("probability", "probability"),
        ("linear algebra", "linear algebra"), ("calculus", "calculus"), ("optimization", "optimization"),
        ("A/B testing", "A/B testing"), ("AB testing", "A/B testing"), ("A/B tests", "A/B testing"),
        ("experimental design", "experimental design"), ("causal inference", "causal inference"),
        ("Bayesian statistics", "Bayesian statistics"), ("hypothesis testing", "hypothesis testing"),
        ("regression", "regression"), ("classification", "classification"),
        ("clustering", "clustering"), ("distributed systems", "distributed systems"),
        ("algorithms", "algorithms"), ("data structures", "data structures"), ("CI/CD", "CI/CD"),
        ("communication", "communication"), ("collaboration", "collaboration"),
        ("teamwork", "teamwork"), ("problem solving", "problem solving"),
        ("problem-solving", "problem solving"), ("leadership", "leadership"),
        ("presentation skills", "presentation skills"), ("critical thinking", "critical thinking"),
        ("attention to detail", "attention to detail"), ("time management", "time management"),
    ],
)
def test_required_coverage(query: str, expected: str) -> None:
    skill = BUNDLED.resolve(query)
    assert skill is not None, query
    assert skill.name == expected


@pytest.mark.parametrize(
    ("form", "name", "kind"),
    [
        ("multi-task", "multitasking", "soft"),  # "ability to multi-task": the trait
        ("multitask", "multitasking", "soft"),
        ("multi-tasker", "multitasking", "soft"),
        ("multi-task learning", "multi-task learning", "hard"),  # the ML technique, not the trait
        ("multitask learning", "multi-task learning", "hard"),
    ],
)
def test_multitasking_the_trait_and_multi_task_learning_the_technique(form: str, name: str, kind: str) -> None:
    skill = load_taxonomy().resolve(form)  # with the derived vocabulary, as extraction reads it
    assert skill is not None, form
    assert (skill.name, skill.kind) == (name, kind)


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        ("PyTorch", "deep learning"),
        ("scikit-learn", "machine learning"),
        ("BigQuery", "GCP"),
        ("SageMaker", "AWS"),
        ("PySpark", "Spark"),
    ],
)
def test_bundled_parents(child: str, parent: str) -> None:
    assert BUNDLED[child].parent == parent


@pytest.mark.parametrize(
    ("name", "gate"),
    [
        ("R", "r_language"), ("Go", "go_language"), ("C", "c_language"), ("Spark", "case_sensitive"),
        ("Excel", "case_sensitive"), ("Snowflake", "needs_tech_context"), ("Julia", "needs_tech_context"),
        ("Rust", "needs_tech_context"), ("Swift", "needs_tech_context"),
        ("transformers", "needs_tech_context"), ("computer vision", "cv_computer_vision"),
        ("artificial intelligence", "resolve_only"),
    ],
)
def test_ambiguous_names_are_gated(name: str, gate: str) -> None:
    skill = BUNDLED[name]
    assert skill.gate == gate


def test_gate_covers_only_the_ambiguous_forms() -> None:
    cv = BUNDLED["computer vision"]
    assert cv.is_gated("CV")
    assert not cv.is_gated("computer vision")
    go = BUNDLED["Go"]
    assert go.is_gated("Go") and not go.is_gated("Golang")


@pytest.mark.skipif(not SHARED_DEV.exists(), reason="../shared/data is not available (fresh clone)")
def test_gold_skill_names_mostly_resolve() -> None:
    names = set()
    for line in SHARED_DEV.read_text(encoding="utf-8").split("\n"):  # not splitlines(): U+2028 in texts
        if not line.strip():
            continue
        for s in json.loads(line).get("skills") or []:
            names.add(s["name"])
    resolved = {n for n in names if BUNDLED.resolve(n) is not None}
    assert len(resolved) / len(names) >= 0.85


@pytest.mark.skipif(not SHARED_DEV.exists(), reason="../shared/data is not available (fresh clone)")
def test_curated_kinds_agree_with_the_annotators() -> None:
    """A curated skill is soft or hard as the labelled postings mostly label it: "project
    management" (26 hard labels, 8 soft) was a soft skill, so the report's hard gaps and trends'
    hard table never showed it. Names labelled at least 5 times, a 2:1 majority against us."""
    counts: dict[str, dict[str, int]] = {}
    for name in ("dev", "dev_payloads", "train_pool"):
        path = SHARED_DEV.parent / f"{name}.jsonl"
        for line in path.read_text(encoding="utf-8").split("\n"):  # not splitlines(): U+2028 in texts
            if not line.strip():
                continue
            for s in json.loads(line).get("skills") or []:
                skill = BUNDLED.get(s["name"])
                if skill is not None:
                    by_kind = counts.setdefault(skill.name, {"hard": 0, "soft": 0})
                    by_kind[s["kind"]] += 1
    assert len(counts) > 200
    against = {n: c for n, c in counts.items()
               if sum(c.values()) >= 5 and c["soft" if BUNDLED[n].kind == "hard" else "hard"] >= 2 * c[BUNDLED[n].kind]}
    assert against == {}


# -- the fixture and the API ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def small() -> Taxonomy:
    return load_taxonomy(FIXTURE)


def test_fixture_loads(small: Taxonomy) -> None:
    assert len(small.skills) == 15
    assert small.skills[0].name == "Python"  # file order
    assert small.resolve("torch").name == "PyTorch"
    assert small.resolve("Amazon Web Services").name == "AWS"
    assert small.get("R").gate == "r_language"
    assert small.get("communication").kind == "soft"


def test_load_accepts_str_and_path(small: Taxonomy) -> None:
    assert len(load_taxonomy(str(FIXTURE))) == len(small)


def test_skill_shape(small: Taxonomy) -> None:
    torch = small.resolve("torch")
    assert torch == Skill(
        name="PyTorch", category="framework", aliases=("pytorch", "torch"), parent="deep learning",
        kind="hard", gate=None,
    )
    assert torch.forms == ("PyTorch", "pytorch", "torch")
    with pytest.raises(dataclasses.FrozenInstanceError):
        torch.name = "x"  # type: ignore[misc]
    assert small.get("Spark").gate_forms == ("Spark",)
    assert not small.get("Spark").is_gated("Apache Spark")


@pytest.mark.parametrize(
    "query",
    ["scikit-learn", "sklearn", "SKLEARN", "scikit learn", "Scikit-Learn", "scikit_learn",
     "scikit.learn", "  scikit   learn ", "scikit\u2013learn", "scikitlearn"],
)
def test_resolve_is_tolerant(small: Taxonomy, query: str) -> None:
    assert small.resolve(query).name == "scikit-learn"


def test_resolve_unknown(small: Taxonomy) -> None:
    assert small.resolve("COBOL") is None
    assert small.resolve("") is None
    assert small.resolve("  - ") is None
    assert small.resolve(None) is None  # type: ignore[arg-type]


def test_get_is_exact_canonical(small: Taxonomy) -> None:
    assert small.get("PyTorch").name == "PyTorch"
    assert small.get("torch") is None
    assert small["Docker"].name == "Docker"
    with pytest.raises(KeyError):
        small["docker"]
    assert "k8s" in small and "nope" not in small
    assert small.categories[0] == "language"
    assert [s.name for s in small.in_category("soft_skill")] == ["communication"]
    assert {s.name for s in small.children("machine learning")} == {"deep learning", "scikit-learn"}


@pytest.mark.parametrize(
    ("typo", "expected"),
    [("pytorh", "PyTorch"), ("sklern", "scikit-learn"), ("kubernets", "Kubernetes"),
     ("Pyhton", "Python"), ("machine lerning", "machine learning"), ("Dokcer", "Docker")],
)
def test_closest_suggests(small: Taxonomy, typo: str, expected: str) -> None:
    got = small.closest(typo)
    assert got and got[0] == expected
    assert len(got) <= 3


def test_closest_limits_and_exact(small: Taxonomy) -> None:
    assert small.closest("sklearn", n=1) == ["scikit-learn"]
    assert small.closest("zzzzqqq") == []
    assert small.closest("pytorh", n=0) == []
    assert len(set(small.closest("learning", n=5))) == len(small.closest("learning", n=5))


def test_normalize_key() -> None:
    assert normalize_key(" Scikit-Learn ") == normalize_key("scikit learn") == "scikitlearn"
    assert normalize_key("C#") != normalize_key("C++") != normalize_key("C")
    assert normalize_key("Node.js") == normalize_key("NodeJS")


# -- validation ----------------------------------------------------------------------------------


def problems_of(tmp_path: Path, skills_yaml: str) -> TaxonomyError:
    path = write(tmp_path, HEADER + textwrap.dedent(skills_yaml))
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    return info.value


def test_duplicate_names(tmp_path: Path) -> None:
    err = problems_of(tmp_path, """\
      - {name: Python, category: language}
      - {name: Python, category: language}
    """)
    assert len(err.problems) == 1
    assert "duplicate name" in err.problems[0] and "'Python'" in err.problems[0]


def test_alias_shared_by_two_skills(tmp_path: Path) -> None:
    err = problems_of(tmp_path, """\
      - {name: PyTorch, category: framework, aliases: [torch]}
      - {name: Torch7, category: framework, aliases: [torch]}
      - {name: scikit-learn, category: framework, aliases: [sklearn]}
      - {name: SKLearn Extra, category: framework, aliases: [Sk-Learn]}
    """)
    text = str(err)
    assert "'torch' is also a form of skill 'PyTorch'" in text
    assert "'Sk-Learn' is also a form of skill 'scikit-learn'" in text  # same key after normalising
    assert len(err.problems) == 2


def test_alias_equal_to_another_skills_name(tmp_path: Path) -> None:
    err = problems_of(tmp_path, """\
      - {name: ML, category: ml_concept}
      - {name: machine learning, category: ml_concept, aliases: [ml]}
    """)
    assert "'ml' is also a form of skill 'ML'" in str(err)


def test_empty_and_repeated_aliases(tmp_path: Path) -> None:
    err = problems_of(tmp_path, """\
      - {name: Python, category: language, aliases: ["", "  ", py, py, Python]}
    """)
    text = str(err)
    assert text.count("empty alias") == 2
    assert "alias 'py' repeats" in text
    assert "alias 'Python' repeats" in text


def test_unknown_category(tmp_path: Path) -> None:
    err = problems_of(tmp_path, """\
      - {name: Python, category: langauge}
    """)
    assert "unknown category 'langauge'" in str(err)
    assert "allowed: language, framework" in str(err)


def test_parent_that_is_not_a_skill(tmp_path: Path) -> None:
    err = problems_of(tmp_path, """\
      - {name: deep learning, category: ml_concept}
      - {name: PyTorch, category: framework, parent: deep learnin}
      - {name: Keras, category: framework, parent: Keras}
    """)
    text = str(err)
    assert "parent 'deep learnin' is not a skill (did you mean 'deep learning'?)" in text
    assert "'Keras': parent is the skill itself" in text


def test_parent_cycle(tmp_path: Path) -> None:
    err = problems_of(tmp_path, """\
      - {name: A1, category: tool, parent: B1}
      - {name: B1, category: tool, parent: A1}
    """)
    assert len(err.problems) == 1
    assert "parent cycle" in err.problems[0]


def test_unknown_gate_and_gate_forms(tmp_path: Path) -> None:
    err = problems_of(tmp_path, """\
      - {name: R, category: language, gate: r_lang}
      - {name: Go, category: language, aliases: [Golang], gate: go_language, gate_forms: [golang]}
      - {name: Rust, category: language, gate_forms: [Rust]}
      - {name: Julia, category: language, gate: needs_tech_context, gate_forms: []}
    """)
    text = str(err)
    assert "unknown gate 'r_lang'" in text and "r_language" in text
    assert "gate_forms entry 'golang' is not the name or an alias" in text
    assert "gate_forms given without a gate" in text
    assert "gate_forms is empty" in text


def test_common_word_needs_a_gate(tmp_path: Path) -> None:
    err = problems_of(tmp_path, """\
      - {name: Go, category: language, aliases: [go, golang]}
      - {name: data, category: ml_concept}
    """)
    text = str(err)
    assert "form 'Go' is a common word" in text
    assert "form 'data' is a common word" in text
    ok = write(tmp_path, HEADER + "  - {name: Go, category: language, aliases: [Golang], gate: go_language, gate_forms: [Go]}\n", "ok.yaml")
    assert load_taxonomy(ok).resolve("go").name == "Go"


def test_shape_errors_name_the_skill(tmp_path: Path) -> None:
    err = problems_of(tmp_path, """\
      - {name: Python, category: language, aliases: python}
      - {category: language}
      - {name: SQL, category: language, colour: blue}
      - {name: Java, category: language, aliases: [no, on]}
      - {name: Scala, category: language, kind: medium}
      - just a string
    """)
    text = str(err)
    assert "skill #1 'Python': field 'aliases'" in text
    assert "skill #2: field 'name'" in text
    assert "skill #3 'SQL': field 'colour'" in text
    assert "skill #4 'Java': field 'aliases.0'" in text  # YAML 1.1 booleans are not names
    assert "skill #5 'Scala': field 'kind'" in text
    assert "skill #6: must be a mapping" in text


def test_many_problems_reported_at_once_with_file_and_skill(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + textwrap.dedent("""\
      - {name: Python, category: language, aliases: [py]}
      - {name: Python, category: language}
      - {name: PyPy, category: language, aliases: [py, ""]}
      - {name: Rust, category: langauge}
      - {name: PyTorch, category: framework, parent: deep learning}
      - {name: R, category: language, gate: r_lang}
    """), name="broken_taxonomy.yaml")
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    err = info.value
    text = str(err)
    assert str(path) in text and err.source == str(path)
    assert len(err.problems) == 6
    for needle in [
        "skill #2 'Python': duplicate name",
        "skill #3 'PyPy': alias 'py' is also a form of skill 'Python'",
        "skill #3 'PyPy': empty alias",
        "skill #4 'Rust': unknown category 'langauge'",
        "skill #5 'PyTorch': parent 'deep learning' is not a skill",
        "skill #6 'R': unknown gate 'r_lang'",
    ]:
        assert needle in text, needle
    assert "6 problems" in text
    assert isinstance(err, ValueError)


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("version: 2\ncategories: [tool]\nskills: [{name: Git, category: tool}]\n", "field 'version'"),
        ("categories: [tool]\nskills: []\n", "field 'version'"),
        ("version: 1\ncategories: [tool]\nskills: []\n", "skills: the list is empty"),
        ("version: 1\ncategories: [tool, tool]\nskills: [{name: Git, category: tool}]\n", "'tool' is listed twice"),
        ("- just\n- a list\n", "must be a mapping"),
        ("version: 1\ncategories: [tool\n", "not valid YAML"),
    ],
)
def test_file_level_problems(tmp_path: Path, body: str, needle: str) -> None:
    path = write(tmp_path, body)
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    assert needle in str(info.value)
    assert str(path) in str(info.value)


def test_missing_file_is_an_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        load_taxonomy(tmp_path / "nope.yaml")


def test_kind_defaults_and_override(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + textwrap.dedent("""\
      - {name: teamwork, category: soft_skill}
      - {name: Git, category: tool}
      - {name: project management, category: tool, kind: soft}
    """))
    tax = load_taxonomy(path)
    assert [s.kind for s in tax.skills] == ["soft", "hard", "soft"]


# -- scope decisions measured on the reference data (see benchmarks/RESULTS.md) ------------------


@pytest.mark.parametrize(("form", "name"), sorted(GENERIC_TECH_TERMS.items()))
def test_generic_tech_terms_belong_to_one_skill(form: str, name: str) -> None:
    skill = BUNDLED.resolve(form)
    assert skill is not None and skill.name == name
    owners = [s.name for s in BUNDLED.skills if any(f.casefold() == form for f in s.forms)]
    assert owners == [name]


@pytest.mark.parametrize(("form", "name"), sorted(RESOLVE_ONLY_FORMS.items()))
def test_non_skill_forms_resolve_but_never_match(form: str, name: str) -> None:
    skill = BUNDLED.resolve(form)
    assert skill is not None and skill.name == name
    exact = [f for f in skill.forms if f.casefold() == form.casefold()]
    assert exact, f"{form!r} is not a form of {name!r}"
    assert skill.gate == "resolve_only"
    assert all(skill.is_gated(f) for f in exact)


@pytest.mark.parametrize(("form", "name"), sorted(TAG_SPELLINGS.items()))
def test_stackoverflow_tag_spellings_resolve(form: str, name: str) -> None:
    skill = BUNDLED.resolve(form)
    assert skill is not None and skill.name == name
