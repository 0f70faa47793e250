"""Irregular English verb forms and their base form (``slept`` -> ``sleep``), for the text model's stems.

The suffix stripping of ``composer.story.reading.model.stem`` cannot join ``slept`` to
``sleep`` or ``wept`` to ``weep``; this table does, for the common irregular verbs of
English grammar (past tense and past participle; the list is the project's, written from
the standard irregular-verb tables of English grammars, not from any data set). A form
that is also a common word of its own (``left``, ``found``, ``saw``, ``lay``, ``felt``, ``ground``, ``wound``, ``rose``, ``bit``, ``bore``) is
left out, since joining it would merge different words.
"""

from __future__ import annotations

__all__ = ["IRREGULAR", "base_form"]

_TABLE = """
arise arose arisen | awake awoke awoken | bear borne | beat beaten | become became | begin began begun |
bend bent | bite bitten | bleed bled | blow blew blown | break broke broken | breed bred | bring brought |
build built | burn burnt | burst | buy bought | catch caught | choose chose chosen | cling clung | come came |
creep crept | dig dug | do did done | draw drew drawn | dream dreamt | drink drank drunk | drive drove driven |
eat ate eaten | fall fell fallen | feed fed | fight fought | flee fled | fling flung | fly flew flown |
forbid forbade forbidden | forget forgot forgotten | forgive forgave forgiven | freeze froze frozen | get got gotten |
give gave given | go went gone | grow grew grown | hang hung | hear heard | hide hid hidden |
hold held | keep kept | kneel knelt | know knew known | lead led | lean leant | leap leapt | learn learnt |
lend lent | lose lost | make made | mean meant | meet met | mistake mistook mistaken | overcome overcame |
pay paid | ride rode ridden | ring rang rung | rise risen | run ran | say said | seek sought | sell sold |
send sent | shake shook shaken | shine shone | shoot shot | shrink shrank shrunk | sing sang sung | sink sank sunk |
sit sat | slay slew slain | sleep slept | slide slid | sling slung | smite smote smitten | speak spoke spoken |
speed sped | spend spent | spin spun | spit spat | spring sprang sprung | stand stood | steal stole stolen |
stick stuck | sting stung | stink stank stunk | stride strode stridden | strike struck stricken | string strung |
strive strove striven | swear swore sworn | sweep swept | swim swam swum | swing swung | take took taken |
teach taught | tear tore torn | tell told | think thought | throw threw thrown | tread trod trodden |
understand understood | wake woke woken | wear wore worn | weave wove woven | weep wept | win won |
wring wrung | write wrote written
"""

#: Irregular form -> base form.
IRREGULAR: dict[str, str] = {
    form: group.split()[0]
    for group in _TABLE.replace("\n", " ").split("|")
    for form in group.split()[1:]
}


def base_form(word: str) -> str | None:
    """The base form of an irregular verb form (lower case), or None.

    Examples
    --------
    >>> base_form("slept"), base_form("wept"), base_form("sleep")
    ('sleep', 'weep', None)
    """
    return IRREGULAR.get(word)
