"""Shared public answers: kept from the ask that admits them on, and renewed by a change."""

from simpul.core.publiccache import PublicAnswers
from simpul.testing.publiccache import cached_answer_keys


def _asker(answers: PublicAnswers):
    made = []

    def ask(question: str) -> str:
        return answers.answer(answers.key(question), lambda: made.append(question) or f"answer {question}")

    return ask, made


def test_an_answer_is_kept_from_its_first_ask_by_default():
    ask, made = _asker(PublicAnswers("test.plain"))
    assert ask("a") == "answer a" and ask("a") == "answer a"
    assert made == ["a"]
    assert len(cached_answer_keys("test.plain")) == 1


def test_with_admit_after_an_answer_is_kept_from_that_ask_on():
    ask, made = _asker(PublicAnswers("test.admit", admit_after=2))
    assert ask("a") == "answer a"
    assert cached_answer_keys("test.admit") == []  # asked once: made, not kept
    ask("a")
    assert len(cached_answer_keys("test.admit")) == 1
    ask("a")
    assert made == ["a", "a"]  # the third ask read the kept answer


def test_the_count_of_asks_is_bounded_and_forgets_the_oldest_question():
    ask, made = _asker(PublicAnswers("test.bounded", admit_after=2, remember=2))
    for question in ("a", "b", "c"):  # 'a' is forgotten when 'c' comes
        ask(question)
    ask("a")  # counted as a first ask again
    assert cached_answer_keys("test.bounded") == []
    ask("c")  # 'c' was still counted: kept
    assert len(cached_answer_keys("test.bounded")) == 1


def test_a_change_makes_every_question_new_again(django_capture_on_commit_callbacks, db):
    answers = PublicAnswers("test.change", admit_after=2)
    ask, made = _asker(answers)
    ask("a")
    ask("a")
    with django_capture_on_commit_callbacks(execute=True):
        answers.changed()
    ask("a")
    assert made == ["a", "a", "a"]  # made again after the change
    ask("a")
    assert made == ["a", "a", "a", "a"]  # and kept only at its second ask since the change
    ask("a")
    assert len(made) == 4
