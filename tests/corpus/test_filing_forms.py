# ruff: noqa: E501 (the fixture papers keep their long lines, as exports print them)
"""Papers in the forms councils and boards publish, from bodies the project has never seen, in
plain folders as a user saves them (no dates or body names in the folders' names): each is filed
under its body named with its authority, the date of its meeting (minutes: the meeting they
record) and its kind. The papers, places and people are fictional."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ingest import Preview, preview_paths
from tests.papers import make_pdf

# -- a folder of downloads mixing many authorities' papers ------------------------------------

US_CITY_MINUTES = """\
CITY OF HOLLIS BEND
CITY COUNCIL
REGULAR MEETING MINUTES
Tuesday, February 13, 2024
City Hall Council Chambers, 210 West Granger Street

1. CALL TO ORDER
Mayor Delia Romero called the meeting to order at 6:30 p.m.

2. ROLL CALL
Present: Mayor Romero, Councilmember Tate, Councilmember Whitfield, Councilmember Osei.
Absent: Councilmember Varga.

3. APPROVAL OF MINUTES
Motion by Councilmember Tate, seconded by Councilmember Osei, to approve the minutes of the regular meeting of January 23, 2024. Motion carried 4-0.

4. WATER MAIN REPLACEMENT, PHASE 2
The Public Works Director reported that bids for the Elm Street water main closed on February 1, 2024.
Motion by Councilmember Whitfield, seconded by Councilmember Tate, to award the contract to Ridgeline Utilities for $412,300. Motion carried 4-0.

5. ADJOURNMENT
The meeting adjourned at 7:42 p.m.
"""

US_SCHOOL_BOARD = """\
BOARD OF EDUCATION
PINE CREST COMMUNITY SCHOOL DISTRICT
Special Meeting Minutes
Thursday, March 21, 2024 - 5:30 PM
District Administration Center, Board Room

A special meeting of the Board of Education of the Pine Crest Community School District was held on Thursday, March 21, 2024, in the Board Room.

Members present: President Lena Ortiz, Vice President Sam Kowalczyk, Director Ruth Abernathy, Director Imani Cole.

1. Call to Order
President Ortiz called the special meeting to order at 5:31 PM.

2. Bus Route Consolidation
The Superintendent presented the proposal to consolidate routes 7 and 12 from the 2024-25 school year.
Motion by Director Cole, seconded by Director Abernathy, to approve the consolidation. Roll call: Ayes: 4, Nays: 0. Motion carried.

3. Adjournment
The meeting was adjourned at 6:15 PM.
"""

US_COUNTY_AGENDA = """\
BOARD OF COMMISSIONERS
GRANGER COUNTY, KANSAS
REGULAR MEETING AGENDA
Monday, April 8, 2024 at 9:00 a.m.
Commission Chambers, Granger County Courthouse

1. Call to Order and Pledge of Allegiance
2. Approval of the Agenda
3. Consent Agenda
   a. Minutes of the March 25, 2024 regular meeting
   b. Accounts payable for the period ending April 5, 2024
4. Road and Bridge: award of the County Road 14 culvert replacement
5. Resolution 2024-11 setting the spring burn ban
6. Commissioner Comments
7. Adjourn
"""

PARISH_MINUTES = """\
WHITLEY MARSH PARISH COUNCIL

Minutes of the Meeting of Whitley Marsh Parish Council held on Monday 8 April 2024 at 7.30pm in the Village Hall

Present: Cllr P. Ainsworth (Chairman), Cllr G. Mercer, Cllr H. Tallis, Cllr R. Osborne
In attendance: Mrs K. Lowe (Clerk), 3 members of the public

24/31 Apologies for absence
Apologies were received and accepted from Cllr D. Frith.

24/32 Minutes of the previous meeting
The minutes of the meeting held on 11 March 2024 were approved and signed as a true record.

24/33 Playing field
The Council resolved to accept the quotation of £1,840 from Marsh Groundcare for the spring cut.

24/34 Date of next meeting
The next meeting will be held on Monday 13 May 2024.
"""

PLANNING_AGENDA = """\
ASHCOMBE DISTRICT COUNCIL

Council Offices, Market Square, Ashcombe, AS4 2QT

To: All Members of the Planning Committee

NOTICE IS HEREBY GIVEN that a meeting of the PLANNING COMMITTEE will be held in the Council Chamber, Council Offices, Market Square, Ashcombe on Wednesday 10 July 2024 at 6.00 pm for the transaction of the business set out below.

Joanna Pryce
Chief Executive
28 June 2024

AGENDA

1. Apologies for absence
2. Declarations of interest
3. Minutes of the meeting held on 12 June 2024
4. 24/00417/FUL - Land north of Quarry Lane, Ashcombe: erection of 36 dwellings
5. 24/00502/HOU - 7 Orchard Rise, Little Denton: single storey rear extension
"""

AUSTRALIAN_MINUTES = """\
SHIRE OF WANDARRA

ORDINARY COUNCIL MEETING

MINUTES

24 July 2024

Held in the Council Chambers, 12 Hammond Street, Wandarra, commencing at 9.00am.

1. DECLARATION OF OPENING
The Shire President, Cr Moira Hensley, declared the meeting open at 9.02am.

2. ATTENDANCE AND APOLOGIES
Cr M Hensley (Shire President), Cr T Abbott, Cr J Nguyen, Cr L Pearce.

3. CONFIRMATION OF MINUTES
COUNCIL RESOLUTION 2024/88
Moved Cr Abbott, Seconded Cr Nguyen
That the Minutes of the Ordinary Council Meeting held on 26 June 2024 be confirmed as a true and correct record.
CARRIED 4/0

4. WASTE TRANSFER STATION FEES
COUNCIL RESOLUTION 2024/89
Moved Cr Pearce, Seconded Cr Abbott
That Council adopt the waste transfer station fees for 2024/25 as presented.
CARRIED 4/0
"""

CANADIAN_AGENDA = """\
THE CORPORATION OF THE TOWN OF ELDERMERE

COMMITTEE OF THE WHOLE
AGENDA

Monday, February 12, 2024
6:00 p.m.
Council Chambers, Eldermere Municipal Office

1. Call to Order
2. Land Acknowledgement
3. Disclosure of Pecuniary Interest
4. Delegations
   4.1 Eldermere Curling Club - request for facility rental relief
5. Staff Reports
   5.1 Report PW-2024-03: Winter Maintenance Level of Service Review
   5.2 Report FIN-2024-02: 2024 Capital Budget Carry-forwards
6. Adjournment
"""

IRISH_SPC_MINUTES = """\
COMHAIRLE CONTAE DHROIM LUA
DRUMLOWE COUNTY COUNCIL

Minutes of the Meeting of the Housing Strategic Policy Committee held in the Council Chamber, County Buildings, Drumlowe, on Thursday 14th March 2024 at 3.00 p.m.

PRESENT: Councillor S. Mac Giolla (Chair), Councillors Boyle, Geraghty, Nolan; Ms A. Keane (Sectoral Representative).

1. Minutes
The minutes of the meeting held on 7th December 2023 were proposed by Councillor Boyle, seconded by Councillor Nolan, and adopted.

2. Housing Delivery Action Plan 2024-2026
The Director of Services presented the Housing Delivery Action Plan. Members welcomed the target of 420 new social homes.

3. Date of next meeting
The next meeting will take place on 13th June 2024.
"""

WELSH_AGENDA = """\
CYNGOR TREF ABERDYFNANT
ABERDYFNANT TOWN COUNCIL

Annwyl Gynghorydd / Dear Councillor,

Fe'ch gwysir i fynychu cyfarfod o Gyngor Tref Aberdyfnant a gynhelir yn Neuadd y Dref ar Ddydd Mawrth 14 Mai 2024 am 7.00yh.
You are summoned to attend a meeting of Aberdyfnant Town Council to be held at the Town Hall on Tuesday 14 May 2024 at 7.00pm.

Clerc y Cyngor / Town Clerk
Gwenllian Morris

AGENDA / AGENDA

1. Ymddiheuriadau / Apologies
2. Datgan buddiant / Declarations of interest
3. Cofnodion y cyfarfod a gynhaliwyd ar 9 Ebrill 2024 / Minutes of the meeting held on 9 April 2024
4. Goleuadau Nadolig / Christmas lights
"""

US_CITY_AGENDA = """\
CITY COUNCIL AGENDA
City of Marlow Springs
Regular Session
Monday, June 3, 2024 - 7:00 PM
Council Chambers, 100 Main Street

1. Call to Order
2. Invocation and Pledge
3. Public Comment
4. Consent Agenda
5. Ordinance 2024-17: amending the sign code
6. Adjournment
"""

US_VILLAGE_MINUTES = """\
VILLAGE OF NORTH ASHBY
BOARD OF TRUSTEES
MINUTES OF THE REGULAR MEETING
June 11, 2024

The regular meeting of the Board of Trustees was called to order by President Carla Dunn at 7:00 p.m.

Roll call: Trustees Feld, Marsh, Oyelaran, Peck present. Trustee Quist absent.

Approval of minutes: Trustee Feld moved, seconded by Trustee Peck, to approve the minutes of May 28, 2024. Ayes: 4. Nays: 0. Motion carried.

Water tower painting: Trustee Marsh moved, seconded by Trustee Oyelaran, to accept the bid of Summit Coatings for $96,400. Ayes: 4. Nays: 0. Motion carried.
"""

US_PLANNING_COMMISSION = """\
CITY OF DRAYTON PLANNING COMMISSION
AGENDA
Wednesday, May 8, 2024
6:00 PM - City Hall, 45 Front Street

1. Roll Call
2. Approval of Minutes - April 10, 2024
3. Public Hearing: Conditional Use Permit CUP-24-03, 1120 Birch Avenue
4. Adjournment
"""

US_SUPERVISORS_MINUTES = """\
COUNTY OF ALDER
BOARD OF SUPERVISORS
MINUTES
Tuesday, July 16, 2024

The Board of Supervisors met in regular session at 9:00 a.m. in the Board Chambers.

Present: Supervisors Ayala, Brandt, Cho, Duarte, Ellison

1. Consent Calendar
On motion of Supervisor Brandt, seconded by Supervisor Cho, the consent calendar was approved 5-0.
"""

LONDON_SUMMONS = """\
**LONDON BOROUGH OF KESTON VALE**

Town Hall, Keston Vale

To: All Members of the Overview and Scrutiny Committee

You are summoned to attend a meeting of the Overview and Scrutiny Committee to be held in Committee Room 1, Town Hall, on Thursday, 18 January 2024 at 7.30 pm.

**AGENDA**

1. Apologies for absence
2. Declarations of interest
3. Temporary accommodation: call-in of the Cabinet decision of 9 January 2024
"""

TOWN_COUNCIL_MINUTES = """\
FERNDOWN ST MARY TOWN COUNCIL

MINUTES OF THE FULL COUNCIL MEETING HELD ON TUESDAY 16TH JANUARY 2024 AT 7PM IN THE COUNCIL CHAMBER

Present: Cllr A. Greaves (Mayor), Cllr B. Holt, Cllr C. Ince, Cllr D. Jarvis

FC/24/01 Apologies
Apologies were received from Cllr E. Kemp.

FC/24/02 Precept 2024/25
It was RESOLVED to set the precept at £312,400.
"""

HEALTH_AND_WELLBEING_AGENDA = """\
Redmarsh Council

# Agenda

## Health and Wellbeing Board

Date: Tuesday 5 March 2024
Time: 2.00 pm
Venue: Room 4, Redmarsh Civic Offices

1. Apologies
2. Joint Strategic Needs Assessment 2024
3. Better Care Fund quarterly return
"""

LICENSING_AGENDA = """\
Fenbridge District Council

AGENDA

Licensing Committee

Date: Monday 22 April 2024
Time: 10.00 am
Place: Council Chamber, Fenbridge House

1. Apologies
2. Street trading policy review
"""

ACADEMY_TRUST_MINUTES = """\
# Harbourline Academies Trust

## Minutes of the meeting of the Board of Trustees held on Monday 4 December 2023 at 5.00pm, online

Present: Dr M. Achterberg (Chair), Mrs L. Quayle, Mr B. Sowande

### 1. Welcome and apologies
Apologies were received from Mr T. Ruiz.
"""

ICB_MINUTES = """\
NHS Greyfell Integrated Care Board

Minutes of the Public Board Meeting held on Thursday 9 May 2024 at 10.00am, Greyfell House

Present: Ms P. Anand (Chair), Mr K. Obi (Chief Executive), Dr L. Sato (Medical Director)

ICB/24/41 Apologies
Apologies were received from the Director of Nursing.
"""

SCOTTISH_COUNCIL_MINUTE = """\
DUNMORROW COUNCIL

Minute of Meeting of Dunmorrow Council held in the Council Chamber, Municipal Buildings, Dunmorrow on Thursday 3 October 2024 at 10.00am.

Present: Provost E. Munro, Councillors Baxter, Currie, Gow, Lennox.

1. Apologies
Apologies were intimated on behalf of Councillor Rae.
"""

COMMUNITY_COUNCIL_MINUTES = """\
GLENAVON COMMUNITY COUNCIL

Minutes of the meeting held on Monday 9 September 2024 in Glenavon Village Hall at 7pm

Present: J. Kerr (Chair), A. Moffat (Secretary), L. Pringle (Treasurer), Cllr S. Dow (Ward Councillor)

1. Apologies: none.
2. Police report: two incidents reported in August.
"""

AUSTRALIAN_NOTICE = """\
SHIRE OF KOOLARRA

NOTICE OF ORDINARY COUNCIL MEETING

Dear Councillors,

Notice is hereby given that the next Ordinary Meeting of Council will be held in the Council Chambers, Koolarra, on Thursday 19 September 2024 commencing at 3.00pm.

Grant Halloway
Chief Executive Officer
12 September 2024

AGENDA
1. Declaration of opening
2. Record of attendance
3. Public question time
"""

AUSTRALIAN_REGIONAL_MINUTES = """\
TARRABEE REGIONAL COUNCIL

MINUTES OF THE ORDINARY COUNCIL MEETING HELD ON WEDNESDAY 21 AUGUST 2024 AT THE COUNCIL CHAMBERS, TARRABEE, COMMENCING AT 9.00AM

PRESENT: Mayor C. Larkin, Crs P. Dunn, R. Estes, G. Fenwick

1. OPENING
2. APOLOGIES
3. CONFIRMATION OF MINUTES
RESOLUTION 2024/310
That the minutes of the Ordinary Council Meeting held on 17 July 2024 be confirmed.
"""

NZ_MINUTES = """\
NGARURU DISTRICT COUNCIL

Minutes of an Ordinary Meeting of the Ngaruru District Council held in the Council Chamber, 22 Tui Street, Ngaruru on Wednesday 28 August 2024 commencing at 9.30am

PRESENT: His Worship the Mayor H Rāwiri, Cr A Bell, Cr D Fox, Cr K Te Rangi

1. KARAKIA
2. APOLOGIES
3. CONFIRMATION OF MINUTES
Resolution 2024/114
That the minutes of the Ordinary Council Meeting held on 31 July 2024 be confirmed.
Moved Cr Bell / Seconded Cr Fox. CARRIED
"""

CANADIAN_COUNCIL_MINUTES = """\
MUNICIPALITY OF LAKEVIEW RIDGE

Minutes of the Regular Meeting of Council of the Municipality of Lakeview Ridge held in the Council Chambers on Tuesday, September 10, 2024 at 6:00 p.m.

Present: Mayor J. Tremblay, Deputy Mayor S. Akers, Councillors P. Ng, R. Dubois, L. Fraser

1. Call to Order
2. Adoption of Agenda
Resolution 2024-201
Moved by Councillor Ng, Seconded by Councillor Dubois
That the agenda be adopted as circulated. Carried.
"""

CANADIAN_REGIONAL_MINUTES = """\
REGIONAL MUNICIPALITY OF WESTBRIDGE
REGIONAL COUNCIL
MINUTES
Wednesday, October 2, 2024

Council met at 9:30 a.m. in the Council Chamber, Westbridge Regional Headquarters.

Present: Regional Chair M. Sandhu, Councillors Abate, Boucher, Chen, Doyle

1. Declarations of Pecuniary Interest
None declared.
"""

CABINET_COVER_SHEET = [
    """Wrenfield District Council
Agenda Item 6
Report to: Cabinet
Date: 14 March 2024
Report of: Director of Place
Subject: Town Centre Car Parking Charges 2024/25
1. Purpose
1.1 To set car parking charges for 2024/25.""",
]

# -- a folder of one panel's papers, hosted by no council it names --------------------------------

PANEL_AGENDA = """\
# Greyfell Police and Crime Panel

Date: Friday 26 January 2024
Time: 10.00 am
Venue: Council Chamber, County Hall, Greyfell

Membership: Cllr R. Amos (Chair), Cllr S. Bhatti, Cllr T. Crane, Mr U. Dale (Independent Member)

AGENDA

1. Apologies and substitutes
2. Proposed police precept 2024/25
"""

PANEL_REPORT = """\
GREYFELL POLICE AND CRIME PANEL

Report title: Proposed Police Precept 2024/25
Meeting date: 26 January 2024
Report of: Police and Crime Commissioner

1. Purpose
1.1 To notify the Panel of the proposed precept of £295.41 for a Band D property.
"""

PANEL_APPENDIX = """\
Appendix 2

Precept options compared

Option  Band D  Increase
A       £285.41 £10.00
B       £295.41 £20.00
"""

# -- a folder of one trust's board papers ------------------------------------------------------

NHS_AGENDA = """\
Harwick and Dale NHS Foundation Trust

Board of Directors meeting held in public
Thursday 25 April 2024, 10.00am - 1.00pm
Boardroom, Harwick General Hospital

AGENDA

1. Welcome and apologies - Chair
2. Declarations of interest - Chair
3. Minutes of the meeting held on 29 February 2024 - Chair
4. Chief Executive's report - Chief Executive
5. Integrated performance report - Chief Operating Officer
6. Board Assurance Framework - Director of Corporate Affairs
"""

NHS_COVER_SHEET = [
    """Harwick and Dale NHS Foundation Trust
Meeting: Board of Directors (held in public)
Date of meeting: 25 April 2024
Agenda item: 5
Report title: Integrated Performance Report, Month 11
Executive lead: Chief Operating Officer
Purpose: Assurance
Executive summary
The Trust met the four-hour emergency standard for 74.2% of patients in February 2024.
Elective waiting lists fell to 31,870 patients.""",
    """1. Urgent and emergency care
Ambulance handovers within 30 minutes improved to 88% of arrivals.
2. Elective care
No patient waited longer than 78 weeks at the end of February 2024.""",
]

NHS_MINUTES = """\
Harwick and Dale NHS Foundation Trust

Minutes of the Board of Directors Meeting held in Public on Thursday 29 February 2024 at 10.00am, Boardroom, Harwick General Hospital

Present: Mrs E. Castellano (Chair), Dr R. Bhatt (Chief Executive), Mr O. Lindqvist (Chief Finance Officer)

BoD/24/12 Apologies for absence
Apologies were received from the Medical Director.

BoD/24/13 Financial plan 2024/25
The Board approved the draft financial plan for submission.
"""

# -- a folder of one committee's papers for one meeting -----------------------------------------

AUDIT_AGENDA = """\
MOSSFORD BOROUGH COUNCIL

AUDIT AND GOVERNANCE COMMITTEE

AGENDA

Wednesday, 19 June 2024 at 7.00 pm
Committee Room 2, Mossford Civic Centre

1. Apologies for absence
2. Declarations of interest
3. Internal Audit Annual Report 2023/24
4. Internal Audit Plan 2024/25 (Appendix A)
5. Work programme
"""

AUDIT_REPORT = """\
Mossford Borough Council

Report to: Audit and Governance Committee
Date of meeting: 19 June 2024
Report of: Head of Internal Audit
Title: Internal Audit Annual Report 2023/24
Wards affected: All

1. Purpose of the report
1.1 To give the Head of Internal Audit's annual opinion on the Council's framework of governance, risk management and control for 2023/24.

2. Opinion
2.1 Reasonable assurance can be given. Of the 24 audits completed, 19 received substantial or reasonable assurance.
"""

AUDIT_APPENDIX = [
    """Appendix A
Internal Audit Plan 2024/25
Audit area                      Days    Quarter
Council tax and business rates  15      Q1
Payroll                         12      Q2
Procurement cards               8       Q2
Cyber security                  20      Q3
Housing repairs contract        18      Q4""",
]

SCOTTISH_MINUTE = [
    """KILBRAE COUNCIL
Minute of Meeting of the Education Committee held in the Council Chambers,
Council Headquarters, Kilbrae, on Tuesday 12 March 2024 at 10.00am.
Present: Councillor F. Lamont (Convener), Councillors Baird, Drummond, McPhail, Ure.
Attending: Head of Education; Head of Legal Services.
1. DECLARATIONS OF INTEREST
There were no declarations of interest.
2. PRIMARY SCHOOL ESTATE REVIEW
There was submitted a report by the Head of Education on the review of the primary school estate.
Decided: that the Committee approve consultation on the options set out in the report.""",
]


def write_papers(root: Path) -> Path:
    """The papers, in four plain folders under `root`, saved under the names users give them."""
    texts = {
        "downloads/regular meeting minutes.txt": US_CITY_MINUTES,
        "downloads/special meeting minutes.md": US_SCHOOL_BOARD,
        "downloads/commissioners agenda.txt": US_COUNTY_AGENDA,
        "downloads/parish minutes.txt": PARISH_MINUTES,
        "downloads/planning agenda.md": PLANNING_AGENDA,
        "downloads/OCM minutes.md": AUSTRALIAN_MINUTES,
        "downloads/COW agenda.txt": CANADIAN_AGENDA,
        "downloads/housing spc minutes.txt": IRISH_SPC_MINUTES,
        "downloads/agenda cyngor.txt": WELSH_AGENDA,
        "downloads/agenda.txt": US_CITY_AGENDA,
        "downloads/trustees_minutes.txt": US_VILLAGE_MINUTES,
        "downloads/pc-agenda.txt": US_PLANNING_COMMISSION,
        "downloads/bos.txt": US_SUPERVISORS_MINUTES,
        "downloads/summons.md": LONDON_SUMMONS,
        "downloads/full-council.txt": TOWN_COUNCIL_MINUTES,
        "downloads/hwb.md": HEALTH_AND_WELLBEING_AGENDA,
        "downloads/lic.txt": LICENSING_AGENDA,
        "downloads/trust-board.md": ACADEMY_TRUST_MINUTES,
        "downloads/icb.txt": ICB_MINUTES,
        "downloads/dunmorrow.txt": SCOTTISH_COUNCIL_MINUTE,
        "downloads/cc.txt": COMMUNITY_COUNCIL_MINUTES,
        "downloads/notice.txt": AUSTRALIAN_NOTICE,
        "downloads/ocm.txt": AUSTRALIAN_REGIONAL_MINUTES,
        "downloads/NZ-minutes.txt": NZ_MINUTES,
        "downloads/council-minutes-sept.txt": CANADIAN_COUNCIL_MINUTES,
        "downloads/regional.txt": CANADIAN_REGIONAL_MINUTES,
        "panel/agenda.md": PANEL_AGENDA,
        "panel/precept-report.txt": PANEL_REPORT,
        "panel/Appendix 2.txt": PANEL_APPENDIX,
        "trust board/agenda.md": NHS_AGENDA,
        "trust board/draft minutes.txt": NHS_MINUTES,
        "committee/agenda.txt": AUDIT_AGENDA,
        "committee/internal audit annual report.txt": AUDIT_REPORT,
    }
    for name, text in texts.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    make_pdf(root / "downloads/education minute.pdf", SCOTTISH_MINUTE)
    make_pdf(root / "trust board/item 5 IPR.pdf", NHS_COVER_SHEET, footer_labels=True)
    make_pdf(root / "committee/Appendix A.pdf", AUDIT_APPENDIX)
    make_pdf(root / "downloads/item6.pdf", CABINET_COVER_SHEET)
    return root


# Where each paper belongs: its body with its authority, its meeting date and its kind.
EXPECTED = {
    "downloads/regular meeting minutes.txt": ("City of Hollis Bend", "2024-02-13", "minutes"),
    "downloads/special meeting minutes.md": (
        "Pine Crest Community School District: Board of Education",
        "2024-03-21",
        "minutes",
    ),
    "downloads/commissioners agenda.txt": (
        "Granger County: Board of Commissioners",
        "2024-04-08",
        "agenda",
    ),
    "downloads/parish minutes.txt": ("Whitley Marsh Parish Council", "2024-04-08", "minutes"),
    "downloads/planning agenda.md": (
        "Ashcombe District Council: Planning Committee",
        "2024-07-10",
        "agenda",
    ),
    "downloads/OCM minutes.md": ("Shire of Wandarra", "2024-07-24", "minutes"),
    "downloads/COW agenda.txt": (
        "Town of Eldermere: Committee of the Whole",
        "2024-02-12",
        "agenda",
    ),
    "downloads/housing spc minutes.txt": (
        "Drumlowe County Council: Housing Strategic Policy Committee",
        "2024-03-14",
        "minutes",
    ),
    "downloads/agenda cyngor.txt": ("Aberdyfnant Town Council", "2024-05-14", "agenda"),
    "downloads/education minute.pdf": (
        "Kilbrae Council: Education Committee",
        "2024-03-12",
        "minutes",
    ),
    "downloads/agenda.txt": ("City of Marlow Springs", "2024-06-03", "agenda"),
    "downloads/trustees_minutes.txt": (
        "Village of North Ashby: Board of Trustees",
        "2024-06-11",
        "minutes",
    ),
    "downloads/pc-agenda.txt": ("City of Drayton: Planning Commission", "2024-05-08", "agenda"),
    "downloads/bos.txt": ("County of Alder: Board of Supervisors", "2024-07-16", "minutes"),
    "downloads/summons.md": (
        "London Borough of Keston Vale: Overview and Scrutiny Committee",
        "2024-01-18",
        "agenda",
    ),
    "downloads/full-council.txt": ("Ferndown St Mary Town Council", "2024-01-16", "minutes"),
    "downloads/hwb.md": ("Redmarsh Council: Health and Wellbeing Board", "2024-03-05", "agenda"),
    "downloads/lic.txt": (
        "Fenbridge District Council: Licensing Committee",
        "2024-04-22",
        "agenda",
    ),
    "downloads/trust-board.md": (
        "Harbourline Academies Trust: Board of Trustees",
        "2023-12-04",
        "minutes",
    ),
    "downloads/icb.txt": ("NHS Greyfell Integrated Care Board", "2024-05-09", "minutes"),
    "downloads/dunmorrow.txt": ("Dunmorrow Council", "2024-10-03", "minutes"),
    "downloads/cc.txt": ("Glenavon Community Council", "2024-09-09", "minutes"),
    "downloads/notice.txt": ("Shire of Koolarra", "2024-09-19", "agenda"),
    "downloads/ocm.txt": ("Tarrabee Regional Council", "2024-08-21", "minutes"),
    "downloads/NZ-minutes.txt": ("Ngaruru District Council", "2024-08-28", "minutes"),
    "downloads/council-minutes-sept.txt": (
        "Municipality of Lakeview Ridge",
        "2024-09-10",
        "minutes",
    ),
    "downloads/regional.txt": ("Regional Municipality of Westbridge", "2024-10-02", "minutes"),
    "downloads/item6.pdf": ("Wrenfield District Council: Cabinet", "2024-03-14", "report"),
    "panel/agenda.md": ("Greyfell Police and Crime Panel", "2024-01-26", "agenda"),
    "panel/precept-report.txt": ("Greyfell Police and Crime Panel", "2024-01-26", "report"),
    "panel/Appendix 2.txt": ("Greyfell Police and Crime Panel", "2024-01-26", "annex"),
    "trust board/agenda.md": (
        "Harwick and Dale NHS Foundation Trust: Board of Directors",
        "2024-04-25",
        "agenda",
    ),
    "trust board/draft minutes.txt": (
        "Harwick and Dale NHS Foundation Trust: Board of Directors",
        "2024-02-29",
        "minutes",
    ),
    "trust board/item 5 IPR.pdf": (
        "Harwick and Dale NHS Foundation Trust: Board of Directors",
        "2024-04-25",
        "report",
    ),
    "committee/agenda.txt": (
        "Mossford Borough Council: Audit and Governance Committee",
        "2024-06-19",
        "agenda",
    ),
    "committee/internal audit annual report.txt": (
        "Mossford Borough Council: Audit and Governance Committee",
        "2024-06-19",
        "report",
    ),
    "committee/Appendix A.pdf": (
        "Mossford Borough Council: Audit and Governance Committee",
        "2024-06-19",
        "annex",
    ),
}


@pytest.fixture(scope="module")
def previews(tmp_path_factory) -> dict[str, Preview]:
    root = write_papers(tmp_path_factory.mktemp("papers"))
    return {p.path.relative_to(root).as_posix(): p for p in preview_paths([root])}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_paper_is_filed_under_its_body_date_and_kind(previews, name):
    p = previews[name]
    filed = (p.committee, p.meeting_date and p.meeting_date.isoformat(), p.kind)
    assert filed == EXPECTED[name], f"{name}: filed as {filed}"


# Papers saved under names that say little ("planning agenda", "lic") show what their first page
# calls them: not a signatory below the notice, a letterhead or a cover sheet's list of members.
TITLES = {
    "downloads/planning agenda.md": "Agenda - Planning Committee",
    "downloads/COW agenda.txt": "Agenda - Committee of the Whole",
    "downloads/OCM minutes.md": "Ordinary Council Meeting",
    "downloads/commissioners agenda.txt": "Regular Meeting Agenda - Board of Commissioners",
    "downloads/agenda.txt": "City Council Agenda",
    "downloads/lic.txt": "Agenda - Licensing Committee",
    "panel/agenda.md": "Agenda - Greyfell Police and Crime Panel",
}


@pytest.mark.parametrize("name", sorted(TITLES))
def test_a_paper_saved_under_a_code_shows_the_title_its_page_prints(previews, name):
    assert previews[name].title == TITLES[name], f"{name}: titled {previews[name].title!r}"
