"""The indicator definitions themselves (the list the methodology page is generated from); the
shapes, constants and look-ups are in :mod:`auyl.kpi.catalogue`, which re-exports ``INDICATORS``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .catalogue import AKIM, COUNCIL, COUNT, HIGHER, LOWER, MEAN, RATIO, SUM_RATIO, Indicator

G_APPEALS = _("Appeals")
G_REPORTING = _("Reporting meetings")
G_GATHERINGS = _("Gatherings and community meetings")
G_PROJECTS = _("Civic projects")
G_BUDGET = _("Budget")
G_PLANS = _("Development plans")
G_SURVEYS = _("Residents' opinion")
G_COUNCIL = _("Council and deputies")

S_APPEALS = _("Appeals (registration, deadlines, outcomes, ratings)")
S_REPORTING = _("Akim's reporting meetings (Decree No. 826): meetings, questions, promises")
S_ASSEMBLIES = _("Gatherings and community meetings: attendance, quorum, decisions")
S_INITIATIVES = _("Civic projects: votes, winners, implementation reports")
S_BUDGET = _("Rural-district budget: plan in force and actual amounts")
S_PLANS = _("Development plans: indicators and progress updates")
S_SURVEYS = _("Surveys: the latest survey with final results")
S_COUNCIL = _("Council: terms, sessions, commissions, recommendations")

INDICATORS: list[Indicator] = [
    Indicator(
        "appeals_registered_on_time",
        _("Appeals registered within the time limit"),
        _(
            "Appeals received during the quarter that were registered no later than their registration due "
            "date (received + the region's registration days, 3 by default)."
        ),
        "%",
        HIGHER,
        S_APPEALS,
        _("registered on time / received in the quarter x 100"),
        100,
        80,
        AKIM,
        RATIO,
        G_APPEALS,
        "000:859",
        _("No appeal was received in this quarter."),
    ),
    Indicator(
        "appeals_answered_on_time",
        _("Appeals answered on time"),
        _(
            "Appeals whose deadline (after a lawful extension) falls in the quarter that were answered or "
            "redirected no later than the deadline."
        ),
        "%",
        HIGHER,
        S_APPEALS,
        _("answered by the deadline / appeals due in the quarter x 100"),
        100,
        70,
        AKIM,
        RATIO,
        G_APPEALS,
        "001:718-720",
        _("No appeal was due in this quarter."),
    ),
    Indicator(
        "appeals_positive",
        _("Positive decisions on appeals"),
        _(
            'Appeals answered during the quarter with the outcome "satisfied", among all appeals answered '
            "during the quarter (redirected appeals are not answers on the merits and are left out)."
        ),
        "%",
        HIGHER,
        S_APPEALS,
        _("satisfied / answered in the quarter x 100"),
        60,
        20,
        AKIM,
        RATIO,
        G_APPEALS,
        "000:880",
        _("No appeal was answered in this quarter."),
    ),
    Indicator(
        "appeals_repeat",
        _("Repeat appeals"),
        _(
            "Appeals received during the quarter that repeat an earlier appeal (linked to it and not "
            "rejected as a repeat by staff). Fewer is better."
        ),
        "%",
        LOWER,
        S_APPEALS,
        _("repeat appeals / received in the quarter x 100"),
        0,
        20,
        AKIM,
        RATIO,
        G_APPEALS,
        "000:880",
        _("No appeal was received in this quarter."),
    ),
    Indicator(
        "appeals_collective",
        _("Collective appeals"),
        _("Appeals received during the quarter signed by several residents. Fewer is better."),
        "%",
        LOWER,
        S_APPEALS,
        _("collective appeals / received in the quarter x 100"),
        0,
        10,
        AKIM,
        RATIO,
        G_APPEALS,
        "000:876-880",
        _("No appeal was received in this quarter."),
    ),
    Indicator(
        "appeals_rating",
        _("Applicants' rating of answers"),
        _(
            "The mean of the ratings (1 to 5) applicants gave during the quarter to the answers they received."
        ),
        "points",
        HIGHER,
        S_APPEALS,
        _("sum of ratings / number of ratings"),
        4.5,
        2,
        AKIM,
        MEAN,
        G_APPEALS,
        "000:882",
        _("No applicant rated an answer in this quarter."),
    ),
    Indicator(
        "reporting_meetings_held",
        _("Reporting meetings held as planned"),
        _(
            "The akim's reporting meetings with the population scheduled for the quarter (planned, held or "
            "cancelled) that were held."
        ),
        "%",
        HIGHER,
        S_REPORTING,
        _("meetings held / meetings scheduled in the quarter x 100"),
        100,
        0,
        AKIM,
        RATIO,
        G_REPORTING,
        "002:529-541 (rows 1 and 2 of the form)",
        _("No reporting meeting was scheduled in this quarter."),
    ),
    Indicator(
        "reporting_questions_on_time",
        _("Meeting questions closed on time"),
        _(
            "Questions and proposals raised at the akim's reporting meetings, registered as appeals, whose "
            "deadline falls in the quarter and which were answered no later than the deadline."
        ),
        "%",
        HIGHER,
        S_REPORTING,
        _("questions answered by the deadline / questions due in the quarter x 100"),
        100,
        50,
        AKIM,
        RATIO,
        G_REPORTING,
        "002:716",
        _("No question from a reporting meeting was due in this quarter."),
    ),
    Indicator(
        "reporting_promises_delivered",
        _("Promises delivered on time"),
        _(
            "Promises the akim made at reporting meetings that were due in the quarter and were done no "
            "later than their due date."
        ),
        "%",
        HIGHER,
        S_REPORTING,
        _("promises done by their due date / promises due in the quarter x 100"),
        100,
        40,
        AKIM,
        RATIO,
        G_REPORTING,
        "000:774",
        _("No promise was due in this quarter."),
    ),
    Indicator(
        "gatherings_held",
        _("Gatherings held"),
        _(
            "Gatherings of residents held (closed, with minutes) in the unit or its settlements during the "
            "four quarters ending with this one."
        ),
        "count",
        HIGHER,
        S_ASSEMBLIES,
        _("number of gatherings held in the rolling year"),
        1,
        0,
        AKIM,
        COUNT,
        G_GATHERINGS,
        "001:627 (at least once a year)",
        "",
    ),
    Indicator(
        "gatherings_quorum",
        _("Gatherings and community meetings with a quorum"),
        _(
            "Gatherings and community meetings held during the four quarters ending with this one at which "
            "the participants checked in reached the quorum fixed when the meeting opened."
        ),
        "%",
        HIGHER,
        S_ASSEMBLIES,
        _("meetings with a quorum / meetings held x 100"),
        100,
        50,
        AKIM,
        RATIO,
        G_GATHERINGS,
        "001:697",
        _("No gathering or community meeting was held in the rolling year."),
    ),
    Indicator(
        "gatherings_attendance",
        _("Attendance of adults at gatherings"),
        _(
            "Participants checked in at the gatherings held during the four quarters ending with this one, as "
            "a share of the adult registered residents on their rolls (summed over the gatherings)."
        ),
        "%",
        HIGHER,
        S_ASSEMBLIES,
        _("sum of participants / sum of adults on the rolls x 100"),
        25,
        0,
        AKIM,
        SUM_RATIO,
        G_GATHERINGS,
        "004:71 (participation is the main measure)",
        _("No gathering was held in the rolling year."),
    ),
    Indicator(
        "gathering_decisions_answered",
        _("Decisions of gatherings answered by the akim on time"),
        _(
            "Decisions of gatherings and community meetings addressed to the akim whose response was due in "
            "the quarter and which the akim answered no later than the due date."
        ),
        "%",
        HIGHER,
        S_ASSEMBLIES,
        _("answered by the due date / responses due in the quarter x 100"),
        100,
        50,
        AKIM,
        RATIO,
        G_GATHERINGS,
        "000:942",
        _("No response to a decision was due in this quarter."),
    ),
    Indicator(
        "civic_turnout",
        _("Turnout in civic-project votes"),
        _(
            "Residents who voted in the civic-project competitions whose voting closed during the four "
            "quarters ending with this one, as a share of the adult population of the voting territory."
        ),
        "%",
        HIGHER,
        S_INITIATIVES,
        _("sum of voters / sum of adult population x 100"),
        20,
        0,
        AKIM,
        SUM_RATIO,
        G_PROJECTS,
        "004:105",
        _("No civic-project vote closed in the rolling year (or the adult population is not recorded)."),
    ),
    Indicator(
        "civic_winners_implemented",
        _("Winning civic projects implemented"),
        _(
            "Winning projects of the latest budget year that has ended by the end of the quarter (the previous "
            "year, or this year in the fourth quarter) reported completed by the end of the quarter."
        ),
        "%",
        HIGHER,
        S_INITIATIVES,
        _("winners completed / winners of that budget year x 100"),
        100,
        0,
        AKIM,
        RATIO,
        G_PROJECTS,
        "001:609-619",
        _("There were no winning civic projects for that budget year."),
    ),
    Indicator(
        "budget_own_revenue",
        _("Own-revenue share of the budget"),
        _(
            "Actual revenue other than transfers from the district budget, as a share of all actual revenue, "
            "from 1 January to the end of the quarter."
        ),
        "%",
        HIGHER,
        S_BUDGET,
        _("own revenue to date / all revenue to date x 100"),
        30,
        0,
        AKIM,
        SUM_RATIO,
        G_BUDGET,
        "000:416 (13.4% nationally in 2020)",
        _("No actual revenue is recorded for this year to date."),
    ),
    Indicator(
        "budget_execution",
        _("Budget expenditure executed"),
        _(
            "Actual expenditure from 1 January to the end of the quarter, as a share of the annual "
            "expenditure plan in force taken pro rata (a quarter of it per quarter elapsed)."
        ),
        "%",
        HIGHER,
        S_BUDGET,
        _("actual expenditure to date / (annual plan x quarters elapsed / 4) x 100"),
        100,
        50,
        AKIM,
        SUM_RATIO,
        G_BUDGET,
        "000:420-424",
        _("No approved budget with expenditure is recorded for this year."),
    ),
    Indicator(
        "plan_indicators_on_time",
        _("Development plan indicators achieved on time"),
        _(
            "Indicators of the published development plans of the unit whose deadline falls in the quarter "
            "and which reached their target no later than the deadline."
        ),
        "%",
        HIGHER,
        S_PLANS,
        _("achieved by the deadline / indicators due in the quarter x 100"),
        100,
        0,
        AKIM,
        RATIO,
        G_PLANS,
        "002:767-769",
        _("No plan indicator was due in this quarter."),
    ),
    Indicator(
        "residents_satisfaction",
        _("Residents satisfied with local self-government"),
        _(
            "Respondents of the latest survey with final results (by the end of the quarter) who chose an "
            "answer marked favourable (fully or somewhat satisfied), among those who answered the question."
        ),
        "%",
        HIGHER,
        S_SURVEYS,
        _("favourable answers / respondents who answered x 100"),
        50,
        0,
        AKIM,
        RATIO,
        G_SURVEYS,
        "000:882; 001:773 (22% satisfied)",
        _("No survey with final results asks residents of this unit about their satisfaction."),
    ),
    Indicator(
        "council_sessions_held",
        _("Council sessions held"),
        _("Sessions of the council held (closed, with minutes) during the quarter."),
        "count",
        HIGHER,
        S_COUNCIL,
        _("number of sessions held in the quarter"),
        1,
        0,
        COUNCIL,
        COUNT,
        G_COUNCIL,
        "004:114-116",
        "",
    ),
    Indicator(
        "council_decisions_executed",
        _("Council decisions executed on time"),
        _(
            "Decisions adopted at council sessions that need follow-up, due (to be done by, or the akim's "
            "response due when no plan was given) in the quarter, and done no later than that date."
        ),
        "%",
        HIGHER,
        S_COUNCIL,
        _("decisions done by their due date / decisions due in the quarter x 100"),
        100,
        0,
        COUNCIL,
        RATIO,
        G_COUNCIL,
        "001:465",
        _("No council decision was due in this quarter."),
    ),
    Indicator(
        "council_findings_answered",
        _("Monitoring findings answered on time"),
        _(
            "Recommendations the council sent to the superior akim on its monitoring findings whose answer "
            "was due in the quarter and which were answered no later than the due date."
        ),
        "%",
        HIGHER,
        S_COUNCIL,
        _("answered by the due date / answers due in the quarter x 100"),
        100,
        0,
        COUNCIL,
        RATIO,
        G_COUNCIL,
        "004:116",
        _("No answer to a recommendation was due in this quarter."),
    ),
    Indicator(
        "council_commissions_reported",
        _("Monitoring commissions that published findings"),
        _(
            "Monitoring commissions whose period of work ended in the quarter that published their findings "
            "by the end of the quarter."
        ),
        "%",
        HIGHER,
        S_COUNCIL,
        _("commissions with findings / commissions that ended x 100"),
        100,
        0,
        COUNCIL,
        RATIO,
        G_COUNCIL,
        "004:116",
        _("No monitoring commission finished its work in this quarter."),
    ),
]
