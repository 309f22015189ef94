"""The ``pol:`` namespace, generated from ontology/policy-kg.ttl by ``policy_kg.tools.generate_vocab``; do not edit."""

from rdflib.namespace import DefinedNamespace, Namespace
from rdflib.term import URIRef


class POL(DefinedNamespace):
    """policy-kg ontology terms."""

    _fail = True
    _NS = Namespace("https://w3id.org/policy-kg/ontology#")

    ActionProgramme: URIRef  # Action programme
    AdministrativeArea: URIRef  # Administrative area
    Agency: URIRef  # Agency
    Claim: URIRef  # Claim
    Conclusion: URIRef  # Conclusion
    Directive: URIRef  # Directive
    DocumentGroup: URIRef  # Document group
    Goal: URIRef  # Goal
    Indicator: URIRef  # Indicator
    Meeting: URIRef  # Meeting
    PartyOrgan: URIRef  # Party organ
    Plan: URIRef  # Plan
    PolicyDocument: URIRef  # Policy document
    Principle: URIRef  # Principle
    Resolution: URIRef  # Resolution
    Sector: URIRef  # Sector
    Source: URIRef  # Source
    StateAgency: URIRef  # State agency
    Target: URIRef  # Target
    Task: URIRef  # Task
    approvingAuthority: URIRef  # approving authority
    comparator: URIRef  # comparator
    confidence: URIRef  # confidence
    confirmation: URIRef  # confirmation
    contributesTo: URIRef  # contributes to
    coordinatingAgency: URIRef  # coordinating agency
    deadline: URIRef  # deadline
    deliverable: URIRef  # deliverable
    derivesFrom: URIRef  # derives from
    discusses: URIRef  # discusses
    goalOf: URIRef  # goal of
    groupMember: URIRef  # group member
    guidedBy: URIRef  # guided by
    hasGoal: URIRef  # has goal
    hasTarget: URIRef  # has target
    hasTask: URIRef  # has task
    indicator: URIRef  # indicator
    leadAgency: URIRef  # lead agency
    letterheadOrgan: URIRef  # letterhead organ
    memberOfGroup: URIRef  # member of group
    motto: URIRef  # motto
    onlineSiteCount: URIRef  # online site count
    organiser: URIRef  # organiser
    participantCount: URIRef  # participant count
    searchFingerprint: URIRef  # index fingerprint
    searchKey: URIRef  # search key
    searchNumber: URIRef  # number key
    searchPhrase: URIRef  # search phrase
    searchText: URIRef  # search text
    searchToken: URIRef  # search token
    searchWord: URIRef  # index word
    sourceQuote: URIRef  # source quote
    speaker: URIRef  # speaker
    status: URIRef  # status
    targetOf: URIRef  # target of
    targetValue: URIRef  # target value
    targetYear: URIRef  # target year
    taskOf: URIRef  # task of
    unitText: URIRef  # unit
