"""Content of the demo school: a Grade 7 mathematics mastery map, its item bank and forms,
and a class roster. Pure data; loaded by masterymap/demo/load.py."""

from __future__ import annotations

from typing import Any

ICONS = [
    "star",
    "triangle",
    "circle",
    "diamond",
    "square",
    "heart",
    "hexagon",
    "moon",
    "sun",
    "bolt",
    "leaf",
    "flag",
    "key",
    "bell",
    "music",
    "anchor",
]

COLOURS = [
    "red",
    "orange",
    "amber",
    "green",
    "teal",
    "blue",
    "indigo",
    "purple",
    "pink",
    "brown",
    "slate",
]

MAP_TITLE = "Grade 7 Mathematics"

TEACHER = ("Tomás", "Rivera")
ADMIN = ("Ada", "Okafor")
FORMER_TEACHER = ("Helen", "Park")
# Joined 7A with the class code and waits on the roster's waiting list for Tomás.
NEWCOMER = ("Leo", "Fischer")
IT_PERSON = ("Ivan", "Torres")

STUDENTS = [
    ("Aaliyah", "Johnson"),
    ("Mateo", "Hernández"),
    ("Priya", "Patel"),
    ("Ethan", "Nguyen"),
    ("Sofia", "García"),
    ("Jamal", "Washington"),
    ("Emily", "Chen"),
    ("Liam", "O'Brien"),
    ("Fatima", "Hassan"),
    ("Noah", "Kowalski"),
    ("Zoe", "Williams"),
    ("Diego", "Ramírez"),
    ("Hannah", "Kim"),
    ("Malik", "Brown"),
    ("Ava", "Thompson"),
    ("Kenji", "Tanaka"),
    ("Isabella", "Rossi"),
    ("Xavier", "Jackson"),
    ("Amara", "Okonkwo"),
    ("Lucas", "Silva"),
    ("Grace", "Yazzie"),
    ("Omar", "Abdullah"),
    ("Chloe", "Martin"),
    ("Dmitri", "Petrov"),
    ("Leilani", "Kahale"),
]

# Students who read the interface in Spanish (English learners); the content stays English.
SPANISH_SPEAKERS = {("Mateo", "Hernández"), ("Diego", "Ramírez")}


# ---------------------------------------------------------------------------
# Unit 1 — Ratios & Proportional Relationships
# ---------------------------------------------------------------------------

RP_A_1: dict[str, Any] = {
    "code": "7.RP.A.1",
    "statement": (
        "Compute unit rates associated with ratios of fractions, including ratios of lengths, "
        "areas and other quantities measured in like or different units. For example, if a "
        "person walks 1/2 mile in each 1/4 hour, compute the unit rate as the complex fraction "
        "(1/2)/(1/4) miles per hour, equivalently 2 miles per hour."
    ),
    "i_can": "I can find a unit rate when the quantities in a ratio are fractions.",
    "icon": "star",
    "colour": "amber",
    "forms": {
        "A": [
            {
                "kind": "single",
                "stem": (
                    "Maya walks **1/2 mile** every **1/4 hour**. What is her speed in miles per "
                    "hour?"
                ),
                "choices": [
                    {"text": "2 miles per hour", "correct": True, "misconception": ""},
                    {
                        "text": "1/8 mile per hour",
                        "correct": False,
                        "misconception": (
                            "Multiplied 1/2 × 1/4 instead of dividing distance by time."
                        ),
                    },
                    {
                        "text": "1/2 mile per hour",
                        "correct": False,
                        "misconception": (
                            "Divided time by distance, (1/4) ÷ (1/2), which gives hours per mile."
                        ),
                    },
                    {
                        "text": "3/4 mile per hour",
                        "correct": False,
                        "misconception": "Added the two fractions instead of dividing them.",
                    },
                ],
                "feedback": (
                    "Divide distance by time: (1/2) ÷ (1/4) = 1/2 × 4/1 = 2 miles per hour."
                ),
            },
            {
                "kind": "single",
                "stem": (
                    "A recipe uses **2/3 cup of sugar** for every **1/2 cup of flour**. How many "
                    "cups of sugar is that per cup of flour?"
                ),
                "choices": [
                    {"text": "1 1/3 cups", "correct": True, "misconception": ""},
                    {
                        "text": "1/3 cup",
                        "correct": False,
                        "misconception": "Multiplied 2/3 × 1/2 instead of dividing sugar by flour.",
                    },
                    {
                        "text": "3/4 cup",
                        "correct": False,
                        "misconception": (
                            "Divided flour by sugar, which gives cups of flour per cup of sugar."
                        ),
                    },
                    {
                        "text": "1/6 cup",
                        "correct": False,
                        "misconception": "Subtracted 2/3 - 1/2 instead of dividing.",
                    },
                ],
                "feedback": "Sugar per cup of flour is (2/3) ÷ (1/2) = 2/3 × 2 = 4/3 = 1 1/3 cups.",
            },
            {
                "kind": "numeric",
                "stem": (
                    "A printer prints **3/4 of a page** in **1/8 minute**. How many pages does it "
                    "print per minute?"
                ),
                "answer": 6.0,
                "tolerance": 0.0,
                "feedback": "Pages per minute = (3/4) ÷ (1/8) = 3/4 × 8 = 6 pages per minute.",
            },
            {
                "kind": "multiple",
                "stem": (
                    "Select **all** the situations that have a unit rate of **3 miles per hour**."
                ),
                "choices": [
                    {"text": "1 1/2 miles in 1/2 hour", "correct": True, "misconception": ""},
                    {"text": "3/4 mile in 1/4 hour", "correct": True, "misconception": ""},
                    {
                        "text": "1/3 mile in 1 hour",
                        "correct": False,
                        "misconception": (
                            "Saw a 3 in the fraction; the rate is only 1/3 mile per hour."
                        ),
                    },
                    {"text": "6 miles in 2 hours", "correct": True, "misconception": ""},
                    {
                        "text": "1 mile in 3 hours",
                        "correct": False,
                        "misconception": (
                            "Confused hours per mile with miles per hour; this is 1/3 mile per "
                            "hour."
                        ),
                    },
                ],
                "feedback": (
                    "Divide miles by hours for each: (3/2) ÷ (1/2) = 3, (3/4) ÷ (1/4) = 3 and 6 ÷ "
                    "2 = 3; the other two are 1/3 mile per hour."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "Lena paints **2/5 of a wall** in **1/3 hour**. At this rate, how much of the "
                    "wall does she paint per hour? Write a fraction or a decimal."
                ),
                "accepted": ["6/5", "1.2", "1 1/5"],
                "feedback": "Wall per hour = (2/5) ÷ (1/3) = 2/5 × 3 = 6/5, or 1.2 walls per hour.",
            },
        ],
        "B": [
            {
                "kind": "single",
                "stem": (
                    "A cyclist rides **3/4 mile** every **1/6 hour**. What is her speed in miles "
                    "per hour?"
                ),
                "choices": [
                    {"text": "4 1/2 miles per hour", "correct": True, "misconception": ""},
                    {
                        "text": "1/8 mile per hour",
                        "correct": False,
                        "misconception": (
                            "Multiplied 3/4 × 1/6 instead of dividing distance by time."
                        ),
                    },
                    {
                        "text": "2/9 mile per hour",
                        "correct": False,
                        "misconception": (
                            "Divided time by distance, (1/6) ÷ (3/4), which gives hours per mile."
                        ),
                    },
                    {
                        "text": "11/12 mile per hour",
                        "correct": False,
                        "misconception": "Added the two fractions instead of dividing them.",
                    },
                ],
                "feedback": (
                    "Divide distance by time: (3/4) ÷ (1/6) = 3/4 × 6 = 18/4 = 4 1/2 miles per "
                    "hour."
                ),
            },
            {
                "kind": "single",
                "stem": (
                    "A paint mix uses **3/4 cup of blue** for every **1/3 cup of white**. How many "
                    "cups of blue is that per cup of white?"
                ),
                "choices": [
                    {"text": "2 1/4 cups", "correct": True, "misconception": ""},
                    {
                        "text": "1/4 cup",
                        "correct": False,
                        "misconception": "Multiplied 3/4 × 1/3 instead of dividing blue by white.",
                    },
                    {
                        "text": "4/9 cup",
                        "correct": False,
                        "misconception": (
                            "Divided white by blue, which gives cups of white per cup of blue."
                        ),
                    },
                    {
                        "text": "5/12 cup",
                        "correct": False,
                        "misconception": "Subtracted 3/4 - 1/3 instead of dividing.",
                    },
                ],
                "feedback": "Blue per cup of white is (3/4) ÷ (1/3) = 3/4 × 3 = 9/4 = 2 1/4 cups.",
            },
            {
                "kind": "numeric",
                "stem": (
                    "A hose fills **5/6 of a bucket** in **1/3 minute**. How many buckets does it "
                    "fill per minute?"
                ),
                "answer": 2.5,
                "tolerance": 0.01,
                "feedback": (
                    "Buckets per minute = (5/6) ÷ (1/3) = 5/6 × 3 = 15/6 = 2.5 buckets per minute."
                ),
            },
            {
                "kind": "multiple",
                "stem": (
                    "Select **all** the situations that have a unit rate of **4 pages per minute**."
                ),
                "choices": [
                    {"text": "2 pages in 1/2 minute", "correct": True, "misconception": ""},
                    {"text": "1 page in 1/4 minute", "correct": True, "misconception": ""},
                    {
                        "text": "1/4 page in 1 minute",
                        "correct": False,
                        "misconception": (
                            "Saw a 4 in the fraction; the rate is only 1/4 page per minute."
                        ),
                    },
                    {"text": "12 pages in 3 minutes", "correct": True, "misconception": ""},
                    {
                        "text": "1 page in 4 minutes",
                        "correct": False,
                        "misconception": (
                            "Confused minutes per page with pages per minute; this is 1/4 page per "
                            "minute."
                        ),
                    },
                ],
                "feedback": (
                    "Divide pages by minutes for each: 2 ÷ (1/2) = 4, 1 ÷ (1/4) = 4 and 12 ÷ 3 = "
                    "4; the other two are 1/4 page per minute."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "Omar mows **3/8 of a lawn** in **1/4 hour**. At this rate, how much of the "
                    "lawn does he mow per hour? Write a fraction or a decimal."
                ),
                "accepted": ["3/2", "1.5", "1 1/2"],
                "feedback": (
                    "Lawn per hour = (3/8) ÷ (1/4) = 3/8 × 4 = 12/8 = 3/2, or 1.5 lawns per hour."
                ),
            },
        ],
    },
    "bank": [
        {
            "kind": "single",
            "stem": (
                "A machine fills **2 1/2 bottles** every **1/2 minute**. How many bottles does it "
                "fill per minute?"
            ),
            "choices": [
                {"text": "5 bottles", "correct": True, "misconception": ""},
                {
                    "text": "1 1/4 bottles",
                    "correct": False,
                    "misconception": "Multiplied 2 1/2 × 1/2 instead of dividing by the time.",
                },
                {
                    "text": "1/5 bottle",
                    "correct": False,
                    "misconception": "Divided time by bottles, which gives minutes per bottle.",
                },
                {
                    "text": "3 bottles",
                    "correct": False,
                    "misconception": "Added 2 1/2 + 1/2 instead of dividing.",
                },
            ],
            "feedback": "Bottles per minute = (5/2) ÷ (1/2) = 5/2 × 2 = 5 bottles per minute.",
        },
        {
            "kind": "numeric",
            "stem": (
                "Jo uses **1/8 gallon** of paint to cover **1/4 square yard**. How many square "
                "yards can she cover with one gallon?"
            ),
            "answer": 2.0,
            "tolerance": 0.0,
            "feedback": "Square yards per gallon = (1/4) ÷ (1/8) = 1/4 × 8 = 2 square yards.",
        },
        {
            "kind": "text",
            "stem": (
                "A tap drips **1/10 liter** every **1/5 hour**. How many liters does it drip per "
                "hour? Write a fraction or a decimal."
            ),
            "accepted": ["1/2", "0.5", ".5"],
            "feedback": "Liters per hour = (1/10) ÷ (1/5) = 1/10 × 5 = 1/2 liter per hour.",
        },
    ],
}

RP_A_2: dict[str, Any] = {
    "code": "7.RP.A.2",
    "statement": (
        "Recognize and represent proportional relationships between quantities: decide whether "
        "two quantities are in a proportional relationship, identify the constant of "
        "proportionality in tables, graphs, equations and verbal descriptions, and represent "
        "the relationship by an equation such as t = pn."
    ),
    "i_can": (
        "I can tell whether a relationship is proportional, find its constant of proportionality "
        "and write an equation for it."
    ),
    "icon": "triangle",
    "colour": "blue",
    "forms": {
        "A": [
            {
                "kind": "single",
                "stem": "Which table shows a **proportional** relationship between x and y?",
                "choices": [
                    {"text": "x: 1, 2, 3 and y: 4, 8, 12", "correct": True, "misconception": ""},
                    {
                        "text": "x: 1, 2, 3 and y: 5, 7, 9",
                        "correct": False,
                        "misconception": (
                            "y goes up by the same amount each time, but y/x is not constant (5, "
                            "3.5, 3)."
                        ),
                    },
                    {
                        "text": "x: 2, 4, 6 and y: 3, 5, 7",
                        "correct": False,
                        "misconception": (
                            "Both columns grow by 2 each time, but y/x is not constant (1.5, 1.25, "
                            "about 1.17)."
                        ),
                    },
                    {
                        "text": "x: 1, 2, 3 and y: 1, 4, 9",
                        "correct": False,
                        "misconception": (
                            "y grows as x grows, but y/x changes (1, 2, 3), so it is not "
                            "proportional."
                        ),
                    },
                ],
                "feedback": (
                    "A relationship is proportional when y/x is the same for every pair; only 4/1 "
                    "= 8/2 = 12/3 = 4."
                ),
            },
            {
                "kind": "single",
                "stem": (
                    "The table shows the cost of bananas.\n\n"
                    "| Pounds | 2 | 5 | 8 |\n"
                    "|---|---|---|---|\n"
                    "| Cost ($) | 1.20 | 3.00 | 4.80 |\n\n"
                    "What is the constant of proportionality (cost per pound)?"
                ),
                "choices": [
                    {"text": "$0.60 per pound", "correct": True, "misconception": ""},
                    {
                        "text": "About $1.67 per pound",
                        "correct": False,
                        "misconception": (
                            "Divided pounds by cost (2 ÷ 1.20), which gives pounds per dollar."
                        ),
                    },
                    {
                        "text": "$1.20 per pound",
                        "correct": False,
                        "misconception": "Read the first cost, which is for 2 pounds, not 1 pound.",
                    },
                    {
                        "text": "$1.80 per pound",
                        "correct": False,
                        "misconception": (
                            "Found the change in cost from 2 to 5 pounds, which is for 3 pounds, "
                            "not 1."
                        ),
                    },
                ],
                "feedback": (
                    "Divide cost by pounds for any column: 1.20 ÷ 2 = 3.00 ÷ 5 = 4.80 ÷ 8 = $0.60 "
                    "per pound."
                ),
            },
            {
                "kind": "numeric",
                "stem": "y is proportional to x. When x = 6, y = 21. What is y when x = 10?",
                "answer": 35.0,
                "tolerance": 0.0,
                "feedback": "The constant is k = 21 ÷ 6 = 3.5, so y = 3.5 × 10 = 35.",
            },
            {
                "kind": "multiple",
                "stem": "Select **all** the equations that represent a proportional relationship.",
                "choices": [
                    {"text": "y = 4x", "correct": True, "misconception": ""},
                    {"text": "y = x/3", "correct": True, "misconception": ""},
                    {
                        "text": "y = x + 4",
                        "correct": False,
                        "misconception": (
                            "Adding a number means y/x is not constant and the graph misses the "
                            "origin."
                        ),
                    },
                    {"text": "y = 2.5x", "correct": True, "misconception": ""},
                    {
                        "text": "y = 3x - 1",
                        "correct": False,
                        "misconception": (
                            "The -1 shifts the line off the origin, so y/x is not constant."
                        ),
                    },
                ],
                "feedback": (
                    "A proportional relationship has the form y = kx with no added constant; y = "
                    "x/3 is y = (1/3)x."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "The graph of a proportional relationship passes through the point (4, 10). "
                    "Write its equation in the form y = kx."
                ),
                "accepted": ["y = 2.5x", "y = 5/2x", "y = (5/2)x", "y = 5x/2"],
                "feedback": "k = y ÷ x = 10 ÷ 4 = 2.5, so the equation is y = 2.5x.",
            },
        ],
        "B": [
            {
                "kind": "single",
                "stem": "Which table shows a **proportional** relationship between x and y?",
                "choices": [
                    {"text": "x: 1, 3, 5 and y: 6, 18, 30", "correct": True, "misconception": ""},
                    {
                        "text": "x: 1, 3, 5 and y: 3, 5, 7",
                        "correct": False,
                        "misconception": (
                            "y goes up by the same amount each time, but y/x is not constant (3, "
                            "about 1.67, 1.4)."
                        ),
                    },
                    {
                        "text": "x: 2, 4, 6 and y: 5, 9, 13",
                        "correct": False,
                        "misconception": (
                            "Both columns grow steadily, but y/x is not constant (2.5, 2.25, about "
                            "2.17)."
                        ),
                    },
                    {
                        "text": "x: 1, 2, 4 and y: 1, 8, 64",
                        "correct": False,
                        "misconception": (
                            "y grows as x grows, but y/x changes (1, 4, 16), so it is not "
                            "proportional."
                        ),
                    },
                ],
                "feedback": (
                    "A relationship is proportional when y/x is the same for every pair; only 6/1 "
                    "= 18/3 = 30/5 = 6."
                ),
            },
            {
                "kind": "single",
                "stem": (
                    "The table shows how much water a pump moves.\n\n"
                    "| Minutes | 3 | 7 | 10 |\n"
                    "|---|---|---|---|\n"
                    "| Gallons | 7.5 | 17.5 | 25 |\n\n"
                    "What is the constant of proportionality (gallons per minute)?"
                ),
                "choices": [
                    {"text": "2.5 gallons per minute", "correct": True, "misconception": ""},
                    {
                        "text": "0.4 gallon per minute",
                        "correct": False,
                        "misconception": (
                            "Divided minutes by gallons (3 ÷ 7.5), which gives minutes per gallon."
                        ),
                    },
                    {
                        "text": "7.5 gallons per minute",
                        "correct": False,
                        "misconception": (
                            "Read the first amount, which is for 3 minutes, not 1 minute."
                        ),
                    },
                    {
                        "text": "10 gallons per minute",
                        "correct": False,
                        "misconception": (
                            "Found the change from 3 to 7 minutes, which is for 4 minutes, not 1."
                        ),
                    },
                ],
                "feedback": (
                    "Divide gallons by minutes for any column: 7.5 ÷ 3 = 17.5 ÷ 7 = 25 ÷ 10 = 2.5 "
                    "gallons per minute."
                ),
            },
            {
                "kind": "numeric",
                "stem": "y is proportional to x. When x = 8, y = 28. What is y when x = 5?",
                "answer": 17.5,
                "tolerance": 0.01,
                "feedback": "The constant is k = 28 ÷ 8 = 3.5, so y = 3.5 × 5 = 17.5.",
            },
            {
                "kind": "multiple",
                "stem": "Select **all** the equations that represent a proportional relationship.",
                "choices": [
                    {"text": "y = 0.75x", "correct": True, "misconception": ""},
                    {"text": "y = 6x", "correct": True, "misconception": ""},
                    {
                        "text": "y = x - 2",
                        "correct": False,
                        "misconception": (
                            "Subtracting a number means y/x is not constant and the graph misses "
                            "the origin."
                        ),
                    },
                    {"text": "y = x/5", "correct": True, "misconception": ""},
                    {
                        "text": "y = 2x + 3",
                        "correct": False,
                        "misconception": (
                            "The +3 shifts the line off the origin, so y/x is not constant."
                        ),
                    },
                ],
                "feedback": (
                    "A proportional relationship has the form y = kx with no added constant; y = "
                    "x/5 is y = (1/5)x."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "The graph of a proportional relationship passes through the point (5, 8). "
                    "Write its equation in the form y = kx."
                ),
                "accepted": ["y = 1.6x", "y = 8/5x", "y = (8/5)x", "y = 8x/5"],
                "feedback": "k = y ÷ x = 8 ÷ 5 = 1.6, so the equation is y = 1.6x.",
            },
        ],
    },
    "bank": [
        {
            "kind": "single",
            "stem": (
                "The graph of a proportional relationship passes through the point (1, r). What "
                "does r tell you?"
            ),
            "choices": [
                {
                    "text": "r is the unit rate, the constant of proportionality",
                    "correct": True,
                    "misconception": "",
                },
                {
                    "text": "r is where the line crosses the y-axis",
                    "correct": False,
                    "misconception": (
                        "A proportional graph crosses the y-axis at (0, 0); the point (1, r) is "
                        "not on the y-axis."
                    ),
                },
                {
                    "text": "r is the number of x-units for each 1 y-unit",
                    "correct": False,
                    "misconception": (
                        "Mixed up the order: (1, r) means r y-units for each 1 x-unit."
                    ),
                },
                {
                    "text": "r must always equal 1",
                    "correct": False,
                    "misconception": "The 1 is the x-coordinate; r can be any number.",
                },
            ],
            "feedback": (
                "At x = 1 the value of y is k × 1 = k, so r is the constant of proportionality."
            ),
        },
        {
            "kind": "numeric",
            "stem": (
                "The cost of concert tickets is proportional to the number bought. 4 tickets cost "
                "$30. How many dollars do 10 tickets cost?"
            ),
            "answer": 75.0,
            "tolerance": 0.0,
            "feedback": "One ticket costs 30 ÷ 4 = $7.50, so 10 tickets cost 7.50 × 10 = $75.",
        },
        {
            "kind": "text",
            "stem": (
                "A car travels 150 miles on 5 gallons of gas, and distance is proportional to gas "
                "used. Write an equation for the distance d in terms of the gallons g."
            ),
            "accepted": ["d = 30g", "d = 30 × g", "d = 30*g"],
            "feedback": "The unit rate is 150 ÷ 5 = 30 miles per gallon, so d = 30g.",
        },
    ],
}

RP_A_3: dict[str, Any] = {
    "code": "7.RP.A.3",
    "statement": (
        "Use proportional relationships to solve multistep ratio and percent problems. Examples: "
        "simple interest, tax, markups and markdowns, gratuities and commissions, fees, percent "
        "increase and decrease, percent error."
    ),
    "i_can": (
        "I can solve percent problems about discounts, tips, tax, interest, percent change and "
        "percent error."
    ),
    "icon": "circle",
    "colour": "green",
    "forms": {
        "A": [
            {
                "kind": "single",
                "stem": "A **$40** sweater is on sale for **25% off**. What is the sale price?",
                "choices": [
                    {"text": "$30", "correct": True, "misconception": ""},
                    {
                        "text": "$10",
                        "correct": False,
                        "misconception": (
                            "Found the discount but did not subtract it from the price."
                        ),
                    },
                    {
                        "text": "$15",
                        "correct": False,
                        "misconception": "Treated 25% as $25 and subtracted 40 - 25.",
                    },
                    {
                        "text": "$50",
                        "correct": False,
                        "misconception": "Added 25% instead of taking it off.",
                    },
                ],
                "feedback": (
                    "25% of $40 is 0.25 × 40 = $10, so the sale price is 40 - 10 = $30 (or 0.75 × "
                    "40)."
                ),
            },
            {
                "kind": "single",
                "stem": (
                    "A meal costs **$60**. Dev leaves an **18% tip**. What is the total he pays?"
                ),
                "choices": [
                    {"text": "$70.80", "correct": True, "misconception": ""},
                    {
                        "text": "$10.80",
                        "correct": False,
                        "misconception": (
                            "Found the tip but did not add it to the cost of the meal."
                        ),
                    },
                    {
                        "text": "$78.00",
                        "correct": False,
                        "misconception": "Treated 18% as $18 and added it.",
                    },
                    {
                        "text": "$61.08",
                        "correct": False,
                        "misconception": "Wrote 18% as 0.018 instead of 0.18.",
                    },
                ],
                "feedback": (
                    "The tip is 0.18 × 60 = $10.80, so the total is 60 + 10.80 = $70.80 (or 1.18 × "
                    "60)."
                ),
            },
            {
                "kind": "numeric",
                "stem": (
                    "Kai puts **$500** in an account that pays **4% simple interest** per year. "
                    "How many dollars of interest does he earn in **3 years**?"
                ),
                "answer": 60.0,
                "tolerance": 0.0,
                "feedback": "Simple interest = principal × rate × time = 500 × 0.04 × 3 = $60.",
            },
            {
                "kind": "multiple",
                "stem": (
                    "The price of a game goes up from **$50** to **$60**. Select **all** the true "
                    "statements."
                ),
                "choices": [
                    {"text": "The price increased by $10.", "correct": True, "misconception": ""},
                    {"text": "The percent increase is 20%.", "correct": True, "misconception": ""},
                    {
                        "text": "The percent increase is about 16.7%.",
                        "correct": False,
                        "misconception": (
                            "Divided the change by the new price ($60) instead of the original "
                            "price ($50)."
                        ),
                    },
                    {
                        "text": "The new price is 120% of the original price.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "The percent increase is 10%.",
                        "correct": False,
                        "misconception": (
                            "Used the $10 change as the percent without dividing by the original "
                            "price."
                        ),
                    },
                ],
                "feedback": (
                    "Percent change = change ÷ original = 10 ÷ 50 = 20%, so the new price is 100% "
                    "+ 20% = 120% of the original."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "Ana estimated that a room is **12 feet** long. It is actually **15 feet** "
                    "long. What is her percent error?"
                ),
                "accepted": ["20%", "20", "20 percent"],
                "feedback": "Percent error = |estimate - actual| ÷ actual = 3 ÷ 15 = 0.2 = 20%.",
            },
        ],
        "B": [
            {
                "kind": "single",
                "stem": "An **$80** jacket is on sale for **15% off**. What is the sale price?",
                "choices": [
                    {"text": "$68", "correct": True, "misconception": ""},
                    {
                        "text": "$12",
                        "correct": False,
                        "misconception": (
                            "Found the discount but did not subtract it from the price."
                        ),
                    },
                    {
                        "text": "$65",
                        "correct": False,
                        "misconception": "Treated 15% as $15 and subtracted 80 - 15.",
                    },
                    {
                        "text": "$92",
                        "correct": False,
                        "misconception": "Added 15% instead of taking it off.",
                    },
                ],
                "feedback": (
                    "15% of $80 is 0.15 × 80 = $12, so the sale price is 80 - 12 = $68 (or 0.85 × "
                    "80)."
                ),
            },
            {
                "kind": "single",
                "stem": (
                    "A restaurant bill is **$45**. Rosa leaves a **20% tip**. What is the total "
                    "she pays?"
                ),
                "choices": [
                    {"text": "$54.00", "correct": True, "misconception": ""},
                    {
                        "text": "$9.00",
                        "correct": False,
                        "misconception": "Found the tip but did not add it to the bill.",
                    },
                    {
                        "text": "$65.00",
                        "correct": False,
                        "misconception": "Treated 20% as $20 and added it.",
                    },
                    {
                        "text": "$45.90",
                        "correct": False,
                        "misconception": "Wrote 20% as 0.02 instead of 0.20.",
                    },
                ],
                "feedback": (
                    "The tip is 0.20 × 45 = $9, so the total is 45 + 9 = $54 (or 1.20 × 45)."
                ),
            },
            {
                "kind": "numeric",
                "stem": (
                    "Bea puts **$800** in an account that pays **3% simple interest** per year. "
                    "How many dollars of interest does she earn in **5 years**?"
                ),
                "answer": 120.0,
                "tolerance": 0.0,
                "feedback": "Simple interest = principal × rate × time = 800 × 0.03 × 5 = $120.",
            },
            {
                "kind": "multiple",
                "stem": (
                    "The price of a pair of shoes goes down from **$80** to **$60**. Select "
                    "**all** the true statements."
                ),
                "choices": [
                    {"text": "The price decreased by $20.", "correct": True, "misconception": ""},
                    {"text": "The percent decrease is 25%.", "correct": True, "misconception": ""},
                    {
                        "text": "The percent decrease is about 33.3%.",
                        "correct": False,
                        "misconception": (
                            "Divided the change by the new price ($60) instead of the original "
                            "price ($80)."
                        ),
                    },
                    {
                        "text": "The new price is 75% of the original price.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "The percent decrease is 20%.",
                        "correct": False,
                        "misconception": (
                            "Used the $20 change as the percent without dividing by the original "
                            "price."
                        ),
                    },
                ],
                "feedback": (
                    "Percent change = change ÷ original = 20 ÷ 80 = 25%, so the new price is 100% "
                    "- 25% = 75% of the original."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "Luis estimated that a movie would last **45 minutes**. It actually lasted "
                    "**50 minutes**. What is his percent error?"
                ),
                "accepted": ["10%", "10", "10 percent"],
                "feedback": "Percent error = |estimate - actual| ÷ actual = 5 ÷ 50 = 0.1 = 10%.",
            },
        ],
    },
    "bank": [
        {
            "kind": "single",
            "stem": (
                "Sales tax is **6%**. What is the total cost of a **$25** purchase, including tax?"
            ),
            "choices": [
                {"text": "$26.50", "correct": True, "misconception": ""},
                {
                    "text": "$1.50",
                    "correct": False,
                    "misconception": "Found the tax but did not add it to the price.",
                },
                {
                    "text": "$31.00",
                    "correct": False,
                    "misconception": "Treated 6% as $6 and added it.",
                },
                {
                    "text": "$25.06",
                    "correct": False,
                    "misconception": "Treated 6% as 6 cents instead of 6 hundredths of the price.",
                },
            ],
            "feedback": (
                "The tax is 0.06 × 25 = $1.50, so the total is 25 + 1.50 = $26.50 (or 1.06 × 25)."
            ),
        },
        {
            "kind": "numeric",
            "stem": (
                "A salesperson earns a **5% commission** on sales. How many dollars does she earn "
                "on **$2,400** of sales?"
            ),
            "answer": 120.0,
            "tolerance": 0.0,
            "feedback": "Commission = 0.05 × 2,400 = $120.",
        },
        {
            "kind": "text",
            "stem": (
                "The price of a bike goes up from **$200** to **$250**. What is the percent "
                "increase?"
            ),
            "accepted": ["25%", "25", "25 percent"],
            "feedback": "Percent increase = change ÷ original = 50 ÷ 200 = 0.25 = 25%.",
        },
    ],
}

G_A_1: dict[str, Any] = {
    "code": "7.G.A.1",
    "statement": (
        "Solve problems involving scale drawings of geometric figures, including computing "
        "actual lengths and areas from a scale drawing and reproducing a scale drawing at a "
        "different scale."
    ),
    "i_can": (
        "I can use a scale drawing to find actual lengths and areas, and redraw it at a different "
        "scale."
    ),
    "icon": "square",
    "colour": "purple",
    "forms": {
        "A": [
            {
                "kind": "single",
                "stem": (
                    "On a map, **1 inch represents 20 miles**. Two towns are **3.5 inches** apart "
                    "on the map. How far apart are the towns?"
                ),
                "choices": [
                    {"text": "70 miles", "correct": True, "misconception": ""},
                    {
                        "text": "23.5 miles",
                        "correct": False,
                        "misconception": "Added 20 + 3.5 instead of multiplying.",
                    },
                    {
                        "text": "About 5.7 miles",
                        "correct": False,
                        "misconception": "Divided 20 by 3.5 instead of multiplying.",
                    },
                    {
                        "text": "0.175 mile",
                        "correct": False,
                        "misconception": "Divided 3.5 by 20 instead of multiplying.",
                    },
                ],
                "feedback": (
                    "Each inch stands for 20 miles, so 3.5 inches stand for 3.5 × 20 = 70 miles."
                ),
            },
            {
                "kind": "single",
                "stem": (
                    "A scale drawing of a rectangular room uses the scale **1 cm : 2 m**. On the "
                    "drawing the room is **4 cm by 3 cm**. What is the actual area of the room?"
                ),
                "choices": [
                    {"text": "48 square meters", "correct": True, "misconception": ""},
                    {
                        "text": "24 square meters",
                        "correct": False,
                        "misconception": (
                            "Multiplied the drawing's area (12) by 2; areas scale by 2 × 2 = 4."
                        ),
                    },
                    {
                        "text": "12 square meters",
                        "correct": False,
                        "misconception": "Found the area of the drawing without using the scale.",
                    },
                    {
                        "text": "28 square meters",
                        "correct": False,
                        "misconception": (
                            "Found the actual perimeter (8 + 6 + 8 + 6) instead of the area."
                        ),
                    },
                ],
                "feedback": (
                    "The actual room is 4 × 2 = 8 m by 3 × 2 = 6 m, so its area is 8 × 6 = 48 "
                    "square meters."
                ),
            },
            {
                "kind": "numeric",
                "stem": (
                    "A blueprint uses the scale **1 inch : 4 feet**. A wall is **22 feet** long. "
                    "How many inches long is it on the blueprint?"
                ),
                "answer": 5.5,
                "tolerance": 0.01,
                "feedback": "Each inch stands for 4 feet, so divide: 22 ÷ 4 = 5.5 inches.",
            },
            {
                "kind": "multiple",
                "stem": (
                    "A scale drawing uses the scale **1 cm : 5 m**. Select **all** the true "
                    "statements."
                ),
                "choices": [
                    {
                        "text": "A 3 cm line on the drawing stands for 15 m.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "A 40 m wall is drawn 8 cm long.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": (
                            "A 2 cm by 2 cm square on the drawing stands for an area of 20 square "
                            "meters."
                        ),
                        "correct": False,
                        "misconception": (
                            "Multiplied the drawing's area by 5; the actual square is 10 m by 10 "
                            "m, or 100 square meters."
                        ),
                    },
                    {
                        "text": "The scale factor from the drawing to the actual object is 500.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "A 10 m fence is drawn 50 cm long.",
                        "correct": False,
                        "misconception": (
                            "Multiplied by 5 instead of dividing when going from actual length to "
                            "drawing length."
                        ),
                    },
                ],
                "feedback": (
                    "Multiply by 5 to go from cm on the drawing to m, divide by 5 to go back; 5 m "
                    "= 500 cm, so the scale factor is 500."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "A scale drawing uses the scale **1 inch : 2 feet**. Write the scale as a "
                    "ratio with no units (both sides in the same unit)."
                ),
                "accepted": ["1:24", "1/24", "1 to 24"],
                "feedback": "2 feet = 24 inches, so 1 inch : 24 inches is the ratio 1:24.",
            },
        ],
        "B": [
            {
                "kind": "single",
                "stem": (
                    "On a map, **1 cm represents 15 km**. Two cities are **4.2 cm** apart on the "
                    "map. How far apart are the cities?"
                ),
                "choices": [
                    {"text": "63 km", "correct": True, "misconception": ""},
                    {
                        "text": "19.2 km",
                        "correct": False,
                        "misconception": "Added 15 + 4.2 instead of multiplying.",
                    },
                    {
                        "text": "About 3.6 km",
                        "correct": False,
                        "misconception": "Divided 15 by 4.2 instead of multiplying.",
                    },
                    {
                        "text": "0.28 km",
                        "correct": False,
                        "misconception": "Divided 4.2 by 15 instead of multiplying.",
                    },
                ],
                "feedback": (
                    "Each centimeter stands for 15 km, so 4.2 cm stand for 4.2 × 15 = 63 km."
                ),
            },
            {
                "kind": "single",
                "stem": (
                    "A scale drawing of a rectangular patio uses the scale **1 inch : 3 feet**. On "
                    "the drawing the patio is **5 inches by 2 inches**. What is the actual area of "
                    "the patio?"
                ),
                "choices": [
                    {"text": "90 square feet", "correct": True, "misconception": ""},
                    {
                        "text": "30 square feet",
                        "correct": False,
                        "misconception": (
                            "Multiplied the drawing's area (10) by 3; areas scale by 3 × 3 = 9."
                        ),
                    },
                    {
                        "text": "10 square feet",
                        "correct": False,
                        "misconception": "Found the area of the drawing without using the scale.",
                    },
                    {
                        "text": "42 square feet",
                        "correct": False,
                        "misconception": (
                            "Found the actual perimeter (15 + 6 + 15 + 6) instead of the area."
                        ),
                    },
                ],
                "feedback": (
                    "The actual patio is 5 × 3 = 15 ft by 2 × 3 = 6 ft, so its area is 15 × 6 = 90 "
                    "square feet."
                ),
            },
            {
                "kind": "numeric",
                "stem": (
                    "A blueprint uses the scale **1 cm : 3 m**. A hallway is **16.5 m** long. How "
                    "many centimeters long is it on the blueprint?"
                ),
                "answer": 5.5,
                "tolerance": 0.01,
                "feedback": "Each centimeter stands for 3 m, so divide: 16.5 ÷ 3 = 5.5 cm.",
            },
            {
                "kind": "multiple",
                "stem": (
                    "A scale drawing uses the scale **1 inch : 6 feet**. Select **all** the true "
                    "statements."
                ),
                "choices": [
                    {
                        "text": "A 2 inch line on the drawing stands for 12 feet.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "A 30 foot wall is drawn 5 inches long.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": (
                            "A 1 inch by 2 inch rectangle on the drawing stands for an area of 12 "
                            "square feet."
                        ),
                        "correct": False,
                        "misconception": (
                            "Multiplied the drawing's area by 6; the actual rectangle is 6 ft by "
                            "12 ft, or 72 square feet."
                        ),
                    },
                    {
                        "text": "The scale factor from the drawing to the actual object is 72.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "An 18 foot room is drawn 108 inches long.",
                        "correct": False,
                        "misconception": (
                            "Multiplied by 6 instead of dividing when going from actual length to "
                            "drawing length."
                        ),
                    },
                ],
                "feedback": (
                    "Multiply by 6 to go from inches on the drawing to feet, divide by 6 to go "
                    "back; 6 ft = 72 in, so the scale factor is 72."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "A scale drawing uses the scale **1 cm : 4 m**. Write the scale as a ratio "
                    "with no units (both sides in the same unit)."
                ),
                "accepted": ["1:400", "1/400", "1 to 400"],
                "feedback": "4 m = 400 cm, so 1 cm : 400 cm is the ratio 1:400.",
            },
        ],
    },
    "bank": [
        {
            "kind": "single",
            "stem": (
                "A garden is **6 cm** long on a drawing with scale **1 cm : 4 m**. Ana redraws it "
                "at the scale **1 cm : 2 m**. How long is the garden on her new drawing?"
            ),
            "choices": [
                {"text": "12 cm", "correct": True, "misconception": ""},
                {
                    "text": "3 cm",
                    "correct": False,
                    "misconception": (
                        "Made the drawing smaller; when each cm stands for fewer meters, the "
                        "drawing gets larger."
                    ),
                },
                {
                    "text": "24 cm",
                    "correct": False,
                    "misconception": (
                        "Used the actual length in meters (24 m) as the drawing length."
                    ),
                },
                {
                    "text": "8 cm",
                    "correct": False,
                    "misconception": (
                        "Added the difference between the scales (2) instead of using the actual "
                        "length."
                    ),
                },
            ],
            "feedback": (
                "The actual garden is 6 × 4 = 24 m, and at 1 cm : 2 m it is drawn 24 ÷ 2 = 12 cm "
                "long."
            ),
        },
        {
            "kind": "numeric",
            "stem": (
                "A model car is built at a scale of **1 : 24**. The model is **7.5 inches** long. "
                "How many inches long is the real car?"
            ),
            "answer": 180.0,
            "tolerance": 0.0,
            "feedback": (
                "Every length on the real car is 24 times the model's, so 7.5 × 24 = 180 inches "
                "(15 feet)."
            ),
        },
        {
            "kind": "text",
            "stem": (
                "A map has the scale **1 inch : 50 miles**. How many inches on the map stand for "
                "**175 miles**?"
            ),
            "accepted": ["3.5", "3.50", "7/2", "3 1/2", "3.5 inches", "3.5 in"],
            "feedback": "Divide the actual distance by the miles per inch: 175 ÷ 50 = 3.5 inches.",
        },
    ],
}


# ---------------------------------------------------------------------------
# Unit 2 — Rational Numbers & Expressions
# ---------------------------------------------------------------------------

NS_A_1: dict[str, Any] = {
    "code": "7.NS.A.1",
    "statement": (
        "Apply and extend previous understandings of addition and subtraction to add and "
        "subtract rational numbers; represent addition and subtraction on a horizontal or "
        "vertical number line diagram."
    ),
    "i_can": (
        "I can add and subtract positive and negative numbers, including fractions and decimals, "
        "and show it on a number line."
    ),
    "icon": "diamond",
    "colour": "red",
    "forms": {
        "A": [
            {
                "kind": "single",
                "stem": "What is **-8 + 5**?",
                "choices": [
                    {"text": "-3", "correct": True, "misconception": ""},
                    {
                        "text": "3",
                        "correct": False,
                        "misconception": (
                            "Found the difference 8 - 5 but kept the sign of the smaller number."
                        ),
                    },
                    {
                        "text": "-13",
                        "correct": False,
                        "misconception": (
                            "Added the absolute values as if both numbers were negative."
                        ),
                    },
                    {
                        "text": "13",
                        "correct": False,
                        "misconception": "Ignored the negative sign and added 8 + 5.",
                    },
                ],
                "feedback": (
                    "Start at -8 and move 5 to the right: -8 + 5 = -3 (the sign of the number with "
                    "the larger absolute value)."
                ),
            },
            {
                "kind": "single",
                "stem": "Which expression has the same value as **4 - (-6)**?",
                "choices": [
                    {"text": "4 + 6", "correct": True, "misconception": ""},
                    {
                        "text": "4 - 6",
                        "correct": False,
                        "misconception": (
                            "Dropped the negative sign of the number being subtracted."
                        ),
                    },
                    {
                        "text": "-4 + 6",
                        "correct": False,
                        "misconception": (
                            "Changed the sign of the first number instead of the number being "
                            "subtracted."
                        ),
                    },
                    {
                        "text": "-4 - 6",
                        "correct": False,
                        "misconception": (
                            "Made both numbers negative instead of adding the opposite."
                        ),
                    },
                ],
                "feedback": (
                    "Subtracting a number is the same as adding its opposite: 4 - (-6) = 4 + 6 = "
                    "10."
                ),
            },
            {
                "kind": "numeric",
                "stem": (
                    "The temperature was **-3.5 °C** in the morning and rose **7.25 °C** by noon. "
                    "What was the temperature at noon, in °C?"
                ),
                "answer": 3.75,
                "tolerance": 0.01,
                "feedback": "-3.5 + 7.25 = 7.25 - 3.5 = 3.75 °C.",
            },
            {
                "kind": "multiple",
                "stem": "Select **all** the expressions whose value is **-2**.",
                "choices": [
                    {"text": "-5 + 3", "correct": True, "misconception": ""},
                    {"text": "3 - 5", "correct": True, "misconception": ""},
                    {"text": "-7 - (-5)", "correct": True, "misconception": ""},
                    {
                        "text": "2 - (-4)",
                        "correct": False,
                        "misconception": "2 - (-4) = 2 + 4 = 6; subtracting a negative adds.",
                    },
                    {
                        "text": "-1 + (-3)",
                        "correct": False,
                        "misconception": (
                            "Adding two negatives gives a more negative number: -1 + (-3) = -4."
                        ),
                    },
                ],
                "feedback": (
                    "-5 + 3 = -2, 3 - 5 = -2 and -7 - (-5) = -7 + 5 = -2; the others are 6 and -4."
                ),
            },
            {
                "kind": "text",
                "stem": "Compute **-2/3 + 1/4**. Write your answer as a fraction in simplest form.",
                "accepted": ["-5/12", "-(5/12)"],
                "feedback": "Use the common denominator 12: -8/12 + 3/12 = -5/12.",
            },
        ],
        "B": [
            {
                "kind": "single",
                "stem": "What is **-9 + 4**?",
                "choices": [
                    {"text": "-5", "correct": True, "misconception": ""},
                    {
                        "text": "5",
                        "correct": False,
                        "misconception": (
                            "Found the difference 9 - 4 but kept the sign of the smaller number."
                        ),
                    },
                    {
                        "text": "-13",
                        "correct": False,
                        "misconception": (
                            "Added the absolute values as if both numbers were negative."
                        ),
                    },
                    {
                        "text": "13",
                        "correct": False,
                        "misconception": "Ignored the negative sign and added 9 + 4.",
                    },
                ],
                "feedback": (
                    "Start at -9 and move 4 to the right: -9 + 4 = -5 (the sign of the number with "
                    "the larger absolute value)."
                ),
            },
            {
                "kind": "single",
                "stem": "Which expression has the same value as **-3 - (-8)**?",
                "choices": [
                    {"text": "-3 + 8", "correct": True, "misconception": ""},
                    {
                        "text": "-3 - 8",
                        "correct": False,
                        "misconception": (
                            "Dropped the negative sign of the number being subtracted."
                        ),
                    },
                    {
                        "text": "3 - 8",
                        "correct": False,
                        "misconception": (
                            "Changed the sign of the first number instead of the number being "
                            "subtracted."
                        ),
                    },
                    {
                        "text": "3 + 8",
                        "correct": False,
                        "misconception": (
                            "Changed the signs of both numbers instead of only adding the opposite "
                            "of -8."
                        ),
                    },
                ],
                "feedback": (
                    "Subtracting a number is the same as adding its opposite: -3 - (-8) = -3 + 8 = "
                    "5."
                ),
            },
            {
                "kind": "numeric",
                "stem": (
                    "A diver is at **-12.5 m** (below sea level) and rises **4.75 m**. What is her "
                    "new position, in meters?"
                ),
                "answer": -7.75,
                "tolerance": 0.01,
                "feedback": "-12.5 + 4.75 = -(12.5 - 4.75) = -7.75 m, still below sea level.",
            },
            {
                "kind": "multiple",
                "stem": "Select **all** the expressions whose value is **-3**.",
                "choices": [
                    {"text": "-7 + 4", "correct": True, "misconception": ""},
                    {"text": "2 - 5", "correct": True, "misconception": ""},
                    {"text": "-8 - (-5)", "correct": True, "misconception": ""},
                    {
                        "text": "3 - (-6)",
                        "correct": False,
                        "misconception": "3 - (-6) = 3 + 6 = 9; subtracting a negative adds.",
                    },
                    {
                        "text": "-1 + (-4)",
                        "correct": False,
                        "misconception": (
                            "Adding two negatives gives a more negative number: -1 + (-4) = -5."
                        ),
                    },
                ],
                "feedback": (
                    "-7 + 4 = -3, 2 - 5 = -3 and -8 - (-5) = -8 + 5 = -3; the others are 9 and -5."
                ),
            },
            {
                "kind": "text",
                "stem": "Compute **-3/4 + 1/6**. Write your answer as a fraction in simplest form.",
                "accepted": ["-7/12", "-(7/12)"],
                "feedback": "Use the common denominator 12: -9/12 + 2/12 = -7/12.",
            },
        ],
    },
    "bank": [
        {
            "kind": "single",
            "stem": "Which situation is modeled by **-15 + 15 = 0**?",
            "choices": [
                {
                    "text": "A submarine 15 m below sea level rises 15 m.",
                    "correct": True,
                    "misconception": "",
                },
                {
                    "text": "Sam owes $15 and borrows $15 more.",
                    "correct": False,
                    "misconception": "Borrowing more adds another negative: -15 + (-15) = -30.",
                },
                {
                    "text": "The temperature is 15° and rises 15°.",
                    "correct": False,
                    "misconception": "Both amounts are positive: 15 + 15 = 30.",
                },
                {
                    "text": "A hiker climbs 15 m and then climbs 15 m more.",
                    "correct": False,
                    "misconception": "Two climbs are both positive changes: 15 + 15 = 30.",
                },
            ],
            "feedback": (
                "Opposites add to zero: starting 15 below (-15) and rising 15 (+15) ends at 0, sea "
                "level."
            ),
        },
        {
            "kind": "numeric",
            "stem": "What is the distance between **-4** and **9** on a number line?",
            "answer": 13.0,
            "tolerance": 0.0,
            "feedback": (
                "Distance is the absolute value of the difference: |9 - (-4)| = |9 + 4| = 13."
            ),
        },
        {
            "kind": "text",
            "stem": "Compute **2.3 - 5.8**.",
            "accepted": ["-3.5", "-3.50", "-7/2"],
            "feedback": (
                "2.3 - 5.8 = 2.3 + (-5.8); the difference of the absolute values is 3.5 and -5.8 "
                "is farther from 0, so the answer is -3.5."
            ),
        },
    ],
}

NS_A_2: dict[str, Any] = {
    "code": "7.NS.A.2",
    "statement": (
        "Apply and extend previous understandings of multiplication and division and of "
        "fractions to multiply and divide rational numbers, and convert a rational number to "
        "a decimal using long division."
    ),
    "i_can": (
        "I can multiply and divide positive and negative numbers and write fractions as decimals."
    ),
    "icon": "hexagon",
    "colour": "teal",
    "forms": {
        "A": [
            {
                "kind": "single",
                "stem": "What is **(-6) × (-4)**?",
                "choices": [
                    {"text": "24", "correct": True, "misconception": ""},
                    {
                        "text": "-24",
                        "correct": False,
                        "misconception": "Thought a negative times a negative is negative.",
                    },
                    {
                        "text": "-10",
                        "correct": False,
                        "misconception": "Added the numbers instead of multiplying.",
                    },
                    {
                        "text": "-2",
                        "correct": False,
                        "misconception": "Subtracted, -6 - (-4), instead of multiplying.",
                    },
                ],
                "feedback": (
                    "The product of two negative numbers is positive: 6 × 4 = 24, so (-6) × (-4) = "
                    "24."
                ),
            },
            {
                "kind": "single",
                "stem": "Which expression is **NOT** equal to **-2/5**?",
                "choices": [
                    {
                        "text": "(-2)/5",
                        "correct": False,
                        "misconception": (
                            "A negative divided by a positive is negative, so (-2)/5 = -2/5."
                        ),
                    },
                    {
                        "text": "2/(-5)",
                        "correct": False,
                        "misconception": (
                            "A positive divided by a negative is negative, so 2/(-5) = -2/5."
                        ),
                    },
                    {"text": "(-2)/(-5)", "correct": True, "misconception": ""},
                    {
                        "text": "-(2/5)",
                        "correct": False,
                        "misconception": "This is the opposite of 2/5, which is exactly -2/5.",
                    },
                ],
                "feedback": (
                    "A negative divided by a negative is positive, so (-2)/(-5) = 2/5; the other "
                    "three all equal -2/5."
                ),
            },
            {
                "kind": "numeric",
                "stem": (
                    "A stock lost **$1.25** in value each day for **6 days**. What was the total "
                    "change in its value, in dollars? (Use a negative number for a loss.)"
                ),
                "answer": -7.5,
                "tolerance": 0.01,
                "feedback": "Six changes of -1.25 each: 6 × (-1.25) = -7.50 dollars.",
            },
            {
                "kind": "multiple",
                "stem": "Select **all** the expressions with a **negative** value.",
                "choices": [
                    {"text": "(-3) × 5", "correct": True, "misconception": ""},
                    {
                        "text": "(-2) × (-7)",
                        "correct": False,
                        "misconception": "Two negative factors make a positive product: 14.",
                    },
                    {"text": "-12 ÷ 4", "correct": True, "misconception": ""},
                    {"text": "(-1) × (-1) × (-1)", "correct": True, "misconception": ""},
                    {
                        "text": "(-8) ÷ (-2)",
                        "correct": False,
                        "misconception": "A negative divided by a negative is positive: 4.",
                    },
                ],
                "feedback": (
                    "A product or quotient is negative when it has an odd number of negative "
                    "factors: -15, -3 and -1 are negative; 14 and 4 are positive."
                ),
            },
            {
                "kind": "text",
                "stem": "Use long division to write **3/8** as a decimal.",
                "accepted": ["0.375", ".375"],
                "feedback": "3 ÷ 8 = 0.375; the division ends, so 3/8 is a terminating decimal.",
            },
        ],
        "B": [
            {
                "kind": "single",
                "stem": "What is **(-7) × (-3)**?",
                "choices": [
                    {"text": "21", "correct": True, "misconception": ""},
                    {
                        "text": "-21",
                        "correct": False,
                        "misconception": "Thought a negative times a negative is negative.",
                    },
                    {
                        "text": "-10",
                        "correct": False,
                        "misconception": "Added the numbers instead of multiplying.",
                    },
                    {
                        "text": "-4",
                        "correct": False,
                        "misconception": "Subtracted, -7 - (-3), instead of multiplying.",
                    },
                ],
                "feedback": (
                    "The product of two negative numbers is positive: 7 × 3 = 21, so (-7) × (-3) = "
                    "21."
                ),
            },
            {
                "kind": "single",
                "stem": "Which expression is **NOT** equal to **-3/7**?",
                "choices": [
                    {
                        "text": "(-3)/7",
                        "correct": False,
                        "misconception": (
                            "A negative divided by a positive is negative, so (-3)/7 = -3/7."
                        ),
                    },
                    {
                        "text": "3/(-7)",
                        "correct": False,
                        "misconception": (
                            "A positive divided by a negative is negative, so 3/(-7) = -3/7."
                        ),
                    },
                    {"text": "(-3)/(-7)", "correct": True, "misconception": ""},
                    {
                        "text": "-(3/7)",
                        "correct": False,
                        "misconception": "This is the opposite of 3/7, which is exactly -3/7.",
                    },
                ],
                "feedback": (
                    "A negative divided by a negative is positive, so (-3)/(-7) = 3/7; the other "
                    "three all equal -3/7."
                ),
            },
            {
                "kind": "numeric",
                "stem": (
                    "A diver descends **2.25 m** each minute for **5 minutes**. What is the total "
                    "change in her depth, in meters? (Use a negative number for going down.)"
                ),
                "answer": -11.25,
                "tolerance": 0.01,
                "feedback": "Five changes of -2.25 each: 5 × (-2.25) = -11.25 m.",
            },
            {
                "kind": "multiple",
                "stem": "Select **all** the expressions with a **negative** value.",
                "choices": [
                    {"text": "(-4) × 6", "correct": True, "misconception": ""},
                    {
                        "text": "(-5) × (-3)",
                        "correct": False,
                        "misconception": "Two negative factors make a positive product: 15.",
                    },
                    {"text": "-20 ÷ 5", "correct": True, "misconception": ""},
                    {"text": "(-2) × (-2) × (-2)", "correct": True, "misconception": ""},
                    {
                        "text": "(-9) ÷ (-3)",
                        "correct": False,
                        "misconception": "A negative divided by a negative is positive: 3.",
                    },
                ],
                "feedback": (
                    "A product or quotient is negative when it has an odd number of negative "
                    "factors: -24, -4 and -8 are negative; 15 and 3 are positive."
                ),
            },
            {
                "kind": "text",
                "stem": "Use long division to write **5/8** as a decimal.",
                "accepted": ["0.625", ".625"],
                "feedback": "5 ÷ 8 = 0.625; the division ends, so 5/8 is a terminating decimal.",
            },
        ],
    },
    "bank": [
        {
            "kind": "single",
            "stem": "Which decimal is equal to **2/3**?",
            "choices": [
                {"text": "0.666... (the 6 repeats forever)", "correct": True, "misconception": ""},
                {
                    "text": "0.23",
                    "correct": False,
                    "misconception": (
                        "Wrote the numerator and denominator as digits instead of dividing."
                    ),
                },
                {
                    "text": "0.67 exactly",
                    "correct": False,
                    "misconception": (
                        "0.67 is a rounded value; 2 ÷ 3 never ends, so 2/3 is a repeating decimal."
                    ),
                },
                {
                    "text": "1.5",
                    "correct": False,
                    "misconception": "Divided 3 by 2 instead of 2 by 3.",
                },
            ],
            "feedback": (
                "Long division of 2 ÷ 3 gives 0.666... with the remainder 2 repeating, so 2/3 is a "
                "repeating decimal."
            ),
        },
        {
            "kind": "numeric",
            "stem": "What is **-18 ÷ (-0.3)**?",
            "answer": 60.0,
            "tolerance": 0.0,
            "feedback": (
                "A negative divided by a negative is positive, and 18 ÷ 0.3 = 180 ÷ 3 = 60."
            ),
        },
        {
            "kind": "text",
            "stem": "Compute **-2/3 × 9/10**. Write your answer as a fraction in simplest form.",
            "accepted": ["-3/5", "-(3/5)", "-0.6"],
            "feedback": (
                "Multiply numerators and denominators: -18/30 = -3/5; one negative factor makes "
                "the product negative."
            ),
        },
    ],
}

NS_A_3: dict[str, Any] = {
    "code": "7.NS.A.3",
    "statement": (
        "Solve real-world and mathematical problems involving the four operations with rational "
        "numbers."
    ),
    "i_can": (
        "I can solve real-world problems by adding, subtracting, multiplying and dividing positive "
        "and negative numbers."
    ),
    "icon": "anchor",
    "colour": "indigo",
    "forms": {
        "A": [
            {
                "kind": "single",
                "stem": (
                    "Jada had **$45.50** in her account. She bought **3 books** at **$12.75** "
                    "each. What is her balance now?"
                ),
                "choices": [
                    {"text": "$7.25", "correct": True, "misconception": ""},
                    {
                        "text": "$32.75",
                        "correct": False,
                        "misconception": "Subtracted the cost of only one book.",
                    },
                    {
                        "text": "$83.75",
                        "correct": False,
                        "misconception": "Added the cost of the books instead of subtracting it.",
                    },
                    {
                        "text": "-$7.25",
                        "correct": False,
                        "misconception": "Subtracted in the wrong order (cost - balance).",
                    },
                ],
                "feedback": (
                    "The books cost 3 × 12.75 = $38.25, so her balance is 45.50 - 38.25 = $7.25."
                ),
            },
            {
                "kind": "single",
                "stem": (
                    "The temperature fell from **6 °F** to **-15 °F** over **3 hours** at a steady "
                    "rate. What was the change in temperature per hour?"
                ),
                "choices": [
                    {"text": "-7 °F per hour", "correct": True, "misconception": ""},
                    {
                        "text": "-3 °F per hour",
                        "correct": False,
                        "misconception": (
                            "Added the two temperatures (-15 + 6 = -9) instead of finding the "
                            "change."
                        ),
                    },
                    {
                        "text": "7 °F per hour",
                        "correct": False,
                        "misconception": "Forgot that a drop in temperature is a negative change.",
                    },
                    {
                        "text": "-21 °F per hour",
                        "correct": False,
                        "misconception": (
                            "Found the total change but did not divide by the 3 hours."
                        ),
                    },
                ],
                "feedback": "The change is -15 - 6 = -21 °F, and -21 ÷ 3 = -7 °F per hour.",
            },
            {
                "kind": "numeric",
                "stem": (
                    "One batch of muffins needs **2/3 cup** of oil. How many batches can you make "
                    "with **4 cups** of oil?"
                ),
                "answer": 6.0,
                "tolerance": 0.0,
                "feedback": "Divide: 4 ÷ (2/3) = 4 × 3/2 = 6 batches.",
            },
            {
                "kind": "multiple",
                "stem": (
                    "A hiker starts **120 m** above sea level. She goes down **35.5 m** three "
                    "times. Select **all** the true statements."
                ),
                "choices": [
                    {
                        "text": "120 + 3 × (-35.5) gives her final elevation.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "She ends 13.5 m above sea level.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "She ends below sea level.",
                        "correct": False,
                        "misconception": (
                            "Her total descent (106.5 m) is less than her starting height of 120 m."
                        ),
                    },
                    {
                        "text": "Her total change in elevation is -106.5 m.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "Her total change in elevation is -35.5 m.",
                        "correct": False,
                        "misconception": "Counted only one of the three descents.",
                    },
                ],
                "feedback": (
                    "The total change is 3 × (-35.5) = -106.5 m, so she ends at 120 - 106.5 = 13.5 "
                    "m above sea level."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "A board **7 1/2 feet** long is cut into pieces that are each **5/8 foot** "
                    "long. How many pieces are there?"
                ),
                "accepted": ["12", "12 pieces", "twelve"],
                "feedback": "Divide: 7 1/2 ÷ 5/8 = 15/2 × 8/5 = 120/10 = 12 pieces.",
            },
        ],
        "B": [
            {
                "kind": "single",
                "stem": (
                    "Kofi had **$60.25** in his account. He bought **4 tickets** at **$11.50** "
                    "each. What is his balance now?"
                ),
                "choices": [
                    {"text": "$14.25", "correct": True, "misconception": ""},
                    {
                        "text": "$48.75",
                        "correct": False,
                        "misconception": "Subtracted the cost of only one ticket.",
                    },
                    {
                        "text": "$106.25",
                        "correct": False,
                        "misconception": "Added the cost of the tickets instead of subtracting it.",
                    },
                    {
                        "text": "-$14.25",
                        "correct": False,
                        "misconception": "Subtracted in the wrong order (cost - balance).",
                    },
                ],
                "feedback": (
                    "The tickets cost 4 × 11.50 = $46.00, so his balance is 60.25 - 46.00 = $14.25."
                ),
            },
            {
                "kind": "single",
                "stem": (
                    "The temperature fell from **10 °F** to **-14 °F** over **4 hours** at a "
                    "steady rate. What was the change in temperature per hour?"
                ),
                "choices": [
                    {"text": "-6 °F per hour", "correct": True, "misconception": ""},
                    {
                        "text": "-1 °F per hour",
                        "correct": False,
                        "misconception": (
                            "Added the two temperatures (-14 + 10 = -4) instead of finding the "
                            "change."
                        ),
                    },
                    {
                        "text": "6 °F per hour",
                        "correct": False,
                        "misconception": "Forgot that a drop in temperature is a negative change.",
                    },
                    {
                        "text": "-24 °F per hour",
                        "correct": False,
                        "misconception": (
                            "Found the total change but did not divide by the 4 hours."
                        ),
                    },
                ],
                "feedback": "The change is -14 - 10 = -24 °F, and -24 ÷ 4 = -6 °F per hour.",
            },
            {
                "kind": "numeric",
                "stem": (
                    "Each bag of trail mix holds **3/4 pound**. How many bags can you fill with "
                    "**9 pounds** of trail mix?"
                ),
                "answer": 12.0,
                "tolerance": 0.0,
                "feedback": "Divide: 9 ÷ (3/4) = 9 × 4/3 = 12 bags.",
            },
            {
                "kind": "multiple",
                "stem": (
                    "A climber starts **85 m** above sea level. She goes down **22.5 m** four "
                    "times. Select **all** the true statements."
                ),
                "choices": [
                    {
                        "text": "85 + 4 × (-22.5) gives her final elevation.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "She ends 5 m below sea level.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "She ends above sea level.",
                        "correct": False,
                        "misconception": (
                            "Her total descent (90 m) is more than her starting height of 85 m."
                        ),
                    },
                    {
                        "text": "Her total change in elevation is -90 m.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "Her total change in elevation is -22.5 m.",
                        "correct": False,
                        "misconception": "Counted only one of the four descents.",
                    },
                ],
                "feedback": (
                    "The total change is 4 × (-22.5) = -90 m, so she ends at 85 - 90 = -5 m, 5 m "
                    "below sea level."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "A ribbon **5 1/4 yards** long is cut into pieces that are each **3/8 yard** "
                    "long. How many pieces are there?"
                ),
                "accepted": ["14", "14 pieces", "fourteen"],
                "feedback": "Divide: 5 1/4 ÷ 3/8 = 21/4 × 8/3 = 168/12 = 14 pieces.",
            },
        ],
    },
    "bank": [
        {
            "kind": "single",
            "stem": "Which is the best estimate of **-4.9 × 6.1**?",
            "choices": [
                {"text": "-30", "correct": True, "misconception": ""},
                {
                    "text": "30",
                    "correct": False,
                    "misconception": (
                        "Rounded well but forgot that a negative times a positive is negative."
                    ),
                },
                {
                    "text": "-3",
                    "correct": False,
                    "misconception": "Misplaced the decimal point; -5 × 6 = -30.",
                },
                {
                    "text": "-300",
                    "correct": False,
                    "misconception": "Misplaced the decimal point; -5 × 6 = -30.",
                },
            ],
            "feedback": "Round to -5 × 6 = -30; one negative factor makes the product negative.",
        },
        {
            "kind": "numeric",
            "stem": (
                "A phone battery is at **84%**. It drops **1.5 percentage points** each minute "
                "during a video call. What is the battery level, in percent, after **20 minutes**?"
            ),
            "answer": 54.0,
            "tolerance": 0.0,
            "feedback": "The change is 20 × (-1.5) = -30, so the level is 84 - 30 = 54%.",
        },
        {
            "kind": "text",
            "stem": (
                "The low temperatures for four days were **-4 °C, 3 °C, -8 °C and 1 °C**. What was "
                "the mean low temperature, in °C?"
            ),
            "accepted": ["-2", "-2°C", "-2 degrees", "-2.0"],
            "feedback": (
                "Add the temperatures: -4 + 3 + (-8) + 1 = -8, then divide by 4 to get -2 °C."
            ),
        },
    ],
}

EE_A_1: dict[str, Any] = {
    "code": "7.EE.A.1",
    "statement": (
        "Apply properties of operations as strategies to add, subtract, factor, and expand "
        "linear expressions with rational coefficients."
    ),
    "i_can": "I can expand, factor and combine like terms to write equivalent expressions.",
    "icon": "key",
    "colour": "orange",
    "forms": {
        "A": [
            {
                "kind": "single",
                "stem": "Which expression is equivalent to **3(2x - 5)**?",
                "choices": [
                    {"text": "6x - 15", "correct": True, "misconception": ""},
                    {
                        "text": "6x - 5",
                        "correct": False,
                        "misconception": "Multiplied only the first term by 3.",
                    },
                    {
                        "text": "2x - 15",
                        "correct": False,
                        "misconception": "Multiplied only the second term by 3.",
                    },
                    {
                        "text": "6x + 15",
                        "correct": False,
                        "misconception": "Lost the negative sign: 3 × (-5) = -15.",
                    },
                ],
                "feedback": (
                    "Distribute the 3 to both terms: 3 × 2x = 6x and 3 × (-5) = -15, so 6x - 15."
                ),
            },
            {
                "kind": "single",
                "stem": "Simplify **4x + 7 - x - 2**.",
                "choices": [
                    {"text": "3x + 5", "correct": True, "misconception": ""},
                    {
                        "text": "5x + 5",
                        "correct": False,
                        "misconception": "Added x instead of subtracting it.",
                    },
                    {
                        "text": "3x + 9",
                        "correct": False,
                        "misconception": "Added 2 instead of subtracting it.",
                    },
                    {
                        "text": "8x",
                        "correct": False,
                        "misconception": (
                            "Combined x-terms with constant terms; only like terms can be combined."
                        ),
                    },
                ],
                "feedback": "Combine like terms: 4x - x = 3x and 7 - 2 = 5, so 3x + 5.",
            },
            {
                "kind": "numeric",
                "stem": (
                    "Factor out the greatest common factor: **12x + 18 = k(2x + 3)**. What is k?"
                ),
                "answer": 6.0,
                "tolerance": 0.0,
                "feedback": "The greatest common factor of 12 and 18 is 6: 6(2x + 3) = 12x + 18.",
            },
            {
                "kind": "multiple",
                "stem": "Select **all** the expressions equivalent to **(1/2)(8x - 6)**.",
                "choices": [
                    {"text": "4x - 3", "correct": True, "misconception": ""},
                    {"text": "2(2x - 1.5)", "correct": True, "misconception": ""},
                    {
                        "text": "4x - 6",
                        "correct": False,
                        "misconception": "Multiplied only the first term by 1/2.",
                    },
                    {"text": "x + 3x - 3", "correct": True, "misconception": ""},
                    {
                        "text": "4(x - 3)",
                        "correct": False,
                        "misconception": "Factored wrongly: 4(x - 3) = 4x - 12, not 4x - 3.",
                    },
                ],
                "feedback": (
                    "(1/2)(8x - 6) = 4x - 3; expand or combine each choice to check: 2(2x - 1.5) = "
                    "4x - 3 and x + 3x - 3 = 4x - 3."
                ),
            },
            {
                "kind": "text",
                "stem": "Expand and simplify **2(x + 4) - 3(x - 1)**.",
                "accepted": ["-x + 11", "11 - x", "-1x + 11", "11 + -x"],
                "feedback": "2x + 8 - 3x + 3 = -x + 11; note that -3 × (-1) = +3.",
            },
        ],
        "B": [
            {
                "kind": "single",
                "stem": "Which expression is equivalent to **4(3x - 2)**?",
                "choices": [
                    {"text": "12x - 8", "correct": True, "misconception": ""},
                    {
                        "text": "12x - 2",
                        "correct": False,
                        "misconception": "Multiplied only the first term by 4.",
                    },
                    {
                        "text": "3x - 8",
                        "correct": False,
                        "misconception": "Multiplied only the second term by 4.",
                    },
                    {
                        "text": "12x + 8",
                        "correct": False,
                        "misconception": "Lost the negative sign: 4 × (-2) = -8.",
                    },
                ],
                "feedback": (
                    "Distribute the 4 to both terms: 4 × 3x = 12x and 4 × (-2) = -8, so 12x - 8."
                ),
            },
            {
                "kind": "single",
                "stem": "Simplify **6x + 8 - 2x - 3**.",
                "choices": [
                    {"text": "4x + 5", "correct": True, "misconception": ""},
                    {
                        "text": "8x + 5",
                        "correct": False,
                        "misconception": "Added 2x instead of subtracting it.",
                    },
                    {
                        "text": "4x + 11",
                        "correct": False,
                        "misconception": "Added 3 instead of subtracting it.",
                    },
                    {
                        "text": "9x",
                        "correct": False,
                        "misconception": (
                            "Combined x-terms with constant terms; only like terms can be combined."
                        ),
                    },
                ],
                "feedback": "Combine like terms: 6x - 2x = 4x and 8 - 3 = 5, so 4x + 5.",
            },
            {
                "kind": "numeric",
                "stem": (
                    "Factor out the greatest common factor: **15x + 20 = k(3x + 4)**. What is k?"
                ),
                "answer": 5.0,
                "tolerance": 0.0,
                "feedback": "The greatest common factor of 15 and 20 is 5: 5(3x + 4) = 15x + 20.",
            },
            {
                "kind": "multiple",
                "stem": "Select **all** the expressions equivalent to **(1/3)(9x - 12)**.",
                "choices": [
                    {"text": "3x - 4", "correct": True, "misconception": ""},
                    {"text": "3(x - 4/3)", "correct": True, "misconception": ""},
                    {
                        "text": "3x - 12",
                        "correct": False,
                        "misconception": "Multiplied only the first term by 1/3.",
                    },
                    {"text": "2x + x - 4", "correct": True, "misconception": ""},
                    {
                        "text": "3(x - 4)",
                        "correct": False,
                        "misconception": "Factored wrongly: 3(x - 4) = 3x - 12, not 3x - 4.",
                    },
                ],
                "feedback": (
                    "(1/3)(9x - 12) = 3x - 4; expand or combine each choice to check: 3(x - 4/3) = "
                    "3x - 4 and 2x + x - 4 = 3x - 4."
                ),
            },
            {
                "kind": "text",
                "stem": "Expand and simplify **3(x + 2) - 4(x - 2)**.",
                "accepted": ["-x + 14", "14 - x", "-1x + 14", "14 + -x"],
                "feedback": "3x + 6 - 4x + 8 = -x + 14; note that -4 × (-2) = +8.",
            },
        ],
    },
    "bank": [
        {
            "kind": "single",
            "stem": "Which is **8x - 20** factored using the greatest common factor?",
            "choices": [
                {"text": "4(2x - 5)", "correct": True, "misconception": ""},
                {
                    "text": "2(4x - 10)",
                    "correct": False,
                    "misconception": (
                        "2 is a common factor but not the greatest; 4x and 10 still share a factor "
                        "of 2."
                    ),
                },
                {
                    "text": "4(2x - 20)",
                    "correct": False,
                    "misconception": "Divided only the first term by 4.",
                },
                {
                    "text": "8(x - 20)",
                    "correct": False,
                    "misconception": (
                        "8 is not a factor of 20, and the second term was not divided at all."
                    ),
                },
            ],
            "feedback": (
                "The greatest common factor of 8 and 20 is 4, and 8x ÷ 4 = 2x, 20 ÷ 4 = 5, so 4(2x "
                "- 5)."
            ),
        },
        {
            "kind": "numeric",
            "stem": "Combine like terms: **2.5x - 0.75x + 1.5x = kx**. What is k?",
            "answer": 3.25,
            "tolerance": 0.01,
            "feedback": (
                "Add the coefficients: 2.5 - 0.75 + 1.5 = 3.25, so the expression is 3.25x."
            ),
        },
        {
            "kind": "text",
            "stem": "Write **-2(3 - 5x)** without parentheses, in simplest form.",
            "accepted": ["10x - 6", "-6 + 10x"],
            "feedback": "Distribute -2: -2 × 3 = -6 and -2 × (-5x) = +10x, so 10x - 6.",
        },
    ],
}


# ---------------------------------------------------------------------------
# Unit 3 — Equations & Geometry
# ---------------------------------------------------------------------------

EE_B_3: dict[str, Any] = {
    "code": "7.EE.B.3",
    "statement": (
        "Solve multi-step real-life and mathematical problems posed with positive and negative "
        "rational numbers in any form (whole numbers, fractions, and decimals), using tools "
        "strategically; convert between forms as appropriate and assess the reasonableness of "
        "answers using mental computation and estimation strategies."
    ),
    "i_can": (
        "I can solve multi-step problems with fractions, decimals and percents, and check that my "
        "answer makes sense by estimating."
    ),
    "icon": "bolt",
    "colour": "pink",
    "forms": {
        "A": [
            {
                "kind": "single",
                "stem": (
                    "Ms. Lee earns **$25 an hour**. She gets a **10% raise**. What is her new "
                    "hourly wage?"
                ),
                "choices": [
                    {"text": "$27.50", "correct": True, "misconception": ""},
                    {
                        "text": "$2.50",
                        "correct": False,
                        "misconception": "Found the raise but did not add it to the old wage.",
                    },
                    {
                        "text": "$35.00",
                        "correct": False,
                        "misconception": "Treated 10% as $10 and added it.",
                    },
                    {
                        "text": "$25.10",
                        "correct": False,
                        "misconception": "Treated 10% as 10 cents instead of 1/10 of the wage.",
                    },
                ],
                "feedback": (
                    "10% is 1/10 of $25, which is $2.50, so the new wage is 25 + 2.50 = $27.50."
                ),
            },
            {
                "kind": "single",
                "stem": "Which is the most reasonable estimate of **19.8% of $49.95**?",
                "choices": [
                    {"text": "$10", "correct": True, "misconception": ""},
                    {
                        "text": "$1",
                        "correct": False,
                        "misconception": "Misplaced the decimal point: 20% is 0.2, not 0.02.",
                    },
                    {
                        "text": "$25",
                        "correct": False,
                        "misconception": "Treated about 20% as about half; half is 50%.",
                    },
                    {
                        "text": "$40",
                        "correct": False,
                        "misconception": (
                            "Found the amount left after taking 20% off, not 20% of the price."
                        ),
                    },
                ],
                "feedback": "Round to 20% of $50: one fifth of 50 is $10.",
            },
            {
                "kind": "numeric",
                "stem": (
                    "Sam buys **2 1/2 pounds** of apples at **$1.60 per pound** and a bag of nuts "
                    "for **$3.75**. He pays with a **$10 bill**. How much change, in dollars, does "
                    "he get?"
                ),
                "answer": 2.25,
                "tolerance": 0.01,
                "feedback": (
                    "Apples cost 2.5 × 1.60 = $4.00, the total is 4.00 + 3.75 = $7.75, and the "
                    "change is 10 - 7.75 = $2.25."
                ),
            },
            {
                "kind": "multiple",
                "stem": "Select **all** the numbers equal to **3/5**.",
                "choices": [
                    {"text": "0.6", "correct": True, "misconception": ""},
                    {"text": "60%", "correct": True, "misconception": ""},
                    {
                        "text": "0.35",
                        "correct": False,
                        "misconception": (
                            "Wrote the digits of the fraction after a decimal point instead of "
                            "dividing 3 by 5."
                        ),
                    },
                    {"text": "6/10", "correct": True, "misconception": ""},
                    {
                        "text": "1.67",
                        "correct": False,
                        "misconception": "Divided 5 by 3 instead of 3 by 5.",
                    },
                ],
                "feedback": "3 ÷ 5 = 0.6 = 60%, and 3/5 = 6/10 by multiplying top and bottom by 2.",
            },
            {
                "kind": "text",
                "stem": (
                    "A towel bar **9 3/4 inches** long is placed in the center of a door that is "
                    "**27 1/2 inches** wide. How far is each end of the bar from the nearest edge "
                    "of the door, in inches?"
                ),
                "accepted": ["8.875", "8 7/8", "71/8", "8.875 inches"],
                "feedback": (
                    "The space left is 27.5 - 9.75 = 17.75 inches, split equally: 17.75 ÷ 2 = "
                    "8.875 (8 7/8) inches on each side."
                ),
            },
        ],
        "B": [
            {
                "kind": "single",
                "stem": (
                    "Mr. Diaz earns **$18 an hour**. He gets a **5% raise**. What is his new "
                    "hourly wage?"
                ),
                "choices": [
                    {"text": "$18.90", "correct": True, "misconception": ""},
                    {
                        "text": "$0.90",
                        "correct": False,
                        "misconception": "Found the raise but did not add it to the old wage.",
                    },
                    {
                        "text": "$23.00",
                        "correct": False,
                        "misconception": "Treated 5% as $5 and added it.",
                    },
                    {
                        "text": "$18.05",
                        "correct": False,
                        "misconception": "Treated 5% as 5 cents instead of 5/100 of the wage.",
                    },
                ],
                "feedback": (
                    "5% of $18 is 0.05 × 18 = $0.90, so the new wage is 18 + 0.90 = $18.90."
                ),
            },
            {
                "kind": "single",
                "stem": "Which is the most reasonable estimate of **24.7% of $79.90**?",
                "choices": [
                    {"text": "$20", "correct": True, "misconception": ""},
                    {
                        "text": "$2",
                        "correct": False,
                        "misconception": "Misplaced the decimal point: 25% is 0.25, not 0.025.",
                    },
                    {
                        "text": "$40",
                        "correct": False,
                        "misconception": "Treated about 25% as about half; half is 50%.",
                    },
                    {
                        "text": "$60",
                        "correct": False,
                        "misconception": (
                            "Found the amount left after taking 25% off, not 25% of the price."
                        ),
                    },
                ],
                "feedback": "Round to 25% of $80: one fourth of 80 is $20.",
            },
            {
                "kind": "numeric",
                "stem": (
                    "Ana buys **1 1/2 pounds** of cheese at **$6.40 per pound** and a loaf of "
                    "bread for **$2.85**. She pays with a **$20 bill**. How much change, in "
                    "dollars, does she get?"
                ),
                "answer": 7.55,
                "tolerance": 0.01,
                "feedback": (
                    "Cheese costs 1.5 × 6.40 = $9.60, the total is 9.60 + 2.85 = $12.45, and the "
                    "change is 20 - 12.45 = $7.55."
                ),
            },
            {
                "kind": "multiple",
                "stem": "Select **all** the numbers equal to **3/4**.",
                "choices": [
                    {"text": "0.75", "correct": True, "misconception": ""},
                    {"text": "75%", "correct": True, "misconception": ""},
                    {
                        "text": "0.34",
                        "correct": False,
                        "misconception": (
                            "Wrote the digits of the fraction after a decimal point instead of "
                            "dividing 3 by 4."
                        ),
                    },
                    {"text": "9/12", "correct": True, "misconception": ""},
                    {
                        "text": "1.33",
                        "correct": False,
                        "misconception": "Divided 4 by 3 instead of 3 by 4.",
                    },
                ],
                "feedback": (
                    "3 ÷ 4 = 0.75 = 75%, and 3/4 = 9/12 by multiplying top and bottom by 3."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "A shelf **18 1/2 inches** long is placed in the center of a wall that is **42 "
                    "inches** wide. How far is each end of the shelf from the nearest edge of the "
                    "wall, in inches?"
                ),
                "accepted": ["11.75", "11 3/4", "47/4", "11.75 inches"],
                "feedback": (
                    "The space left is 42 - 18.5 = 23.5 inches, split equally: 23.5 ÷ 2 = 11.75 "
                    "(11 3/4) inches on each side."
                ),
            },
        ],
    },
    "bank": [
        {
            "kind": "single",
            "stem": (
                "A **$24** shirt is **25% off**, and then **8% sales tax** is added to the sale "
                "price. What is the final cost?"
            ),
            "choices": [
                {"text": "$19.44", "correct": True, "misconception": ""},
                {
                    "text": "$19.92",
                    "correct": False,
                    "misconception": (
                        "Combined the two steps into one 17% discount; the tax is taken on the "
                        "sale price, not the original."
                    ),
                },
                {
                    "text": "$18.00",
                    "correct": False,
                    "misconception": "Took the discount but forgot to add the tax.",
                },
                {
                    "text": "$25.92",
                    "correct": False,
                    "misconception": "Added the tax to the original price and forgot the discount.",
                },
            ],
            "feedback": "The sale price is 0.75 × 24 = $18, and with tax it is 1.08 × 18 = $19.44.",
        },
        {
            "kind": "numeric",
            "stem": (
                "The Parks family drives **3/4** of a **260-mile** trip on the first day. On the "
                "second day they drive **40%** of the distance that is left. How many miles are "
                "still left?"
            ),
            "answer": 39.0,
            "tolerance": 0.0,
            "feedback": (
                "Day one: 3/4 × 260 = 195 miles, leaving 65; day two: 0.4 × 65 = 26 miles, leaving "
                "65 - 26 = 39 miles."
            ),
        },
        {
            "kind": "text",
            "stem": "Write **0.45** as a fraction in simplest form.",
            "accepted": ["9/20"],
            "feedback": "0.45 = 45/100, and dividing top and bottom by 5 gives 9/20.",
        },
    ],
}

EE_B_4: dict[str, Any] = {
    "code": "7.EE.B.4",
    "statement": (
        "Use variables to represent quantities in a real-world or mathematical problem, and "
        "construct simple equations and inequalities to solve problems by reasoning about the "
        "quantities."
    ),
    "i_can": (
        "I can write and solve equations like px + q = r and inequalities like px + q > r to "
        "answer real-world questions."
    ),
    "icon": "flag",
    "colour": "slate",
    "forms": {
        "A": [
            {
                "kind": "single",
                "stem": "Solve **3x + 7 = 25**.",
                "choices": [
                    {"text": "x = 6", "correct": True, "misconception": ""},
                    {
                        "text": "x ≈ 10.67",
                        "correct": False,
                        "misconception": "Added 7 to both sides instead of subtracting it.",
                    },
                    {
                        "text": "x = 54",
                        "correct": False,
                        "misconception": "Multiplied 18 by 3 instead of dividing.",
                    },
                    {
                        "text": "x = 18",
                        "correct": False,
                        "misconception": "Subtracted 7 but forgot to divide by 3.",
                    },
                ],
                "feedback": "Subtract 7 from both sides (3x = 18), then divide by 3: x = 6.",
            },
            {
                "kind": "single",
                "stem": (
                    "The perimeter of a rectangle is **54 cm** and its length is **15 cm**. Which "
                    "equation can you solve to find its width, w?"
                ),
                "choices": [
                    {"text": "2(15 + w) = 54", "correct": True, "misconception": ""},
                    {
                        "text": "15 + w = 54",
                        "correct": False,
                        "misconception": (
                            "Forgot that the perimeter includes each side length twice."
                        ),
                    },
                    {
                        "text": "15w = 54",
                        "correct": False,
                        "misconception": "Used the area formula instead of the perimeter.",
                    },
                    {
                        "text": "2w + 15 = 54",
                        "correct": False,
                        "misconception": "Doubled the width but not the length.",
                    },
                ],
                "feedback": (
                    "Perimeter = 2 × (length + width), so 2(15 + w) = 54, which gives w = 12 cm."
                ),
            },
            {
                "kind": "numeric",
                "stem": "Solve **-4(x - 3) = 28**. What is x?",
                "answer": -4.0,
                "tolerance": 0.0,
                "feedback": "Divide both sides by -4 (x - 3 = -7), then add 3: x = -4.",
            },
            {
                "kind": "multiple",
                "stem": "Select **all** the values of x that are solutions of **2x - 5 > 9**.",
                "choices": [
                    {"text": "8", "correct": True, "misconception": ""},
                    {"text": "7.5", "correct": True, "misconception": ""},
                    {
                        "text": "7",
                        "correct": False,
                        "misconception": (
                            "7 makes 2x - 5 equal to 9, and the inequality is strictly greater "
                            "than."
                        ),
                    },
                    {"text": "10", "correct": True, "misconception": ""},
                    {
                        "text": "2",
                        "correct": False,
                        "misconception": (
                            "Subtracted 5 from 9 instead of adding; 2(2) - 5 = -1, which is not "
                            "greater than 9."
                        ),
                    },
                ],
                "feedback": (
                    "Add 5 to both sides (2x > 14) and divide by 2: x > 7, so 7.5, 8 and 10 work "
                    "but 7 does not."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "A salesperson is paid **$50 per week** plus **$3 per sale**. She wants to "
                    "earn **at least $100** this week. What is the fewest number of sales she can "
                    "make?"
                ),
                "accepted": ["17", "17 sales", "seventeen"],
                "feedback": (
                    "Solve 50 + 3s ≥ 100: 3s ≥ 50, so s ≥ 16 2/3; sales are whole numbers, so she "
                    "needs at least 17."
                ),
            },
        ],
        "B": [
            {
                "kind": "single",
                "stem": "Solve **4x + 9 = 37**.",
                "choices": [
                    {"text": "x = 7", "correct": True, "misconception": ""},
                    {
                        "text": "x = 11.5",
                        "correct": False,
                        "misconception": "Added 9 to both sides instead of subtracting it.",
                    },
                    {
                        "text": "x = 112",
                        "correct": False,
                        "misconception": "Multiplied 28 by 4 instead of dividing.",
                    },
                    {
                        "text": "x = 28",
                        "correct": False,
                        "misconception": "Subtracted 9 but forgot to divide by 4.",
                    },
                ],
                "feedback": "Subtract 9 from both sides (4x = 28), then divide by 4: x = 7.",
            },
            {
                "kind": "single",
                "stem": (
                    "The perimeter of a rectangle is **70 inches** and its length is **20 "
                    "inches**. Which equation can you solve to find its width, w?"
                ),
                "choices": [
                    {"text": "2(20 + w) = 70", "correct": True, "misconception": ""},
                    {
                        "text": "20 + w = 70",
                        "correct": False,
                        "misconception": (
                            "Forgot that the perimeter includes each side length twice."
                        ),
                    },
                    {
                        "text": "20w = 70",
                        "correct": False,
                        "misconception": "Used the area formula instead of the perimeter.",
                    },
                    {
                        "text": "2w + 20 = 70",
                        "correct": False,
                        "misconception": "Doubled the width but not the length.",
                    },
                ],
                "feedback": (
                    "Perimeter = 2 × (length + width), so 2(20 + w) = 70, which gives w = 15 "
                    "inches."
                ),
            },
            {
                "kind": "numeric",
                "stem": "Solve **-5(x + 2) = 35**. What is x?",
                "answer": -9.0,
                "tolerance": 0.0,
                "feedback": "Divide both sides by -5 (x + 2 = -7), then subtract 2: x = -9.",
            },
            {
                "kind": "multiple",
                "stem": "Select **all** the values of x that are solutions of **3x - 4 ≤ 11**.",
                "choices": [
                    {"text": "5", "correct": True, "misconception": ""},
                    {"text": "4.5", "correct": True, "misconception": ""},
                    {
                        "text": "6",
                        "correct": False,
                        "misconception": "3(6) - 4 = 14, which is more than 11.",
                    },
                    {"text": "-2", "correct": True, "misconception": ""},
                    {
                        "text": "8",
                        "correct": False,
                        "misconception": (
                            "3(8) - 4 = 20, which is more than 11; check the direction of the "
                            "inequality."
                        ),
                    },
                ],
                "feedback": (
                    "Add 4 to both sides (3x ≤ 15) and divide by 3: x ≤ 5, so 5 itself, 4.5 and -2 "
                    "work."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "A salesperson is paid **$75 per week** plus **$4 per sale**. He wants to earn "
                    "**at least $150** this week. What is the fewest number of sales he can make?"
                ),
                "accepted": ["19", "19 sales", "nineteen"],
                "feedback": (
                    "Solve 75 + 4s ≥ 150: 4s ≥ 75, so s ≥ 18.75; sales are whole numbers, so he "
                    "needs at least 19."
                ),
            },
        ],
    },
    "bank": [
        {
            "kind": "single",
            "stem": "Which inequality says **'a number n increased by 8 is at most 20'**?",
            "choices": [
                {"text": "n + 8 ≤ 20", "correct": True, "misconception": ""},
                {
                    "text": "n + 8 < 20",
                    "correct": False,
                    "misconception": "'At most' includes 20 itself, so the symbol is ≤.",
                },
                {
                    "text": "n + 8 ≥ 20",
                    "correct": False,
                    "misconception": "Read 'at most' as 'at least'.",
                },
                {
                    "text": "8n ≤ 20",
                    "correct": False,
                    "misconception": "'Increased by' means add, not multiply.",
                },
            ],
            "feedback": (
                "'Increased by 8' is n + 8 and 'at most 20' means less than or equal to 20: n + 8 "
                "≤ 20."
            ),
        },
        {
            "kind": "numeric",
            "stem": "Solve **x/4 - 3 = 5**. What is x?",
            "answer": 32.0,
            "tolerance": 0.0,
            "feedback": "Add 3 to both sides (x/4 = 8), then multiply by 4: x = 32.",
        },
        {
            "kind": "text",
            "stem": "Solve **0.5x + 1.5 = 6**.",
            "accepted": ["9", "x = 9", "9.0"],
            "feedback": "Subtract 1.5 from both sides (0.5x = 4.5), then divide by 0.5: x = 9.",
        },
    ],
}

G_B_4: dict[str, Any] = {
    "code": "7.G.B.4",
    "statement": (
        "Know the formulas for the area and circumference of a circle and use them to solve "
        "problems; give an informal derivation of the relationship between the circumference "
        "and area of a circle."
    ),
    "i_can": "I can find the circumference and area of a circle and explain how they are related.",
    "icon": "sun",
    "colour": "brown",
    "forms": {
        "A": [
            {
                "kind": "single",
                "stem": (
                    "A circle has a radius of **6 cm**. What is its circumference? Use 3.14 for π."
                ),
                "choices": [
                    {"text": "37.68 cm", "correct": True, "misconception": ""},
                    {
                        "text": "18.84 cm",
                        "correct": False,
                        "misconception": (
                            "Used the radius in C = πd; the diameter is 2 × 6 = 12 cm."
                        ),
                    },
                    {
                        "text": "113.04 cm",
                        "correct": False,
                        "misconception": "Used the area formula πr² instead of the circumference.",
                    },
                    {
                        "text": "452.16 cm",
                        "correct": False,
                        "misconception": (
                            "Squared the diameter in the area formula instead of finding the "
                            "circumference."
                        ),
                    },
                ],
                "feedback": "C = 2πr = 2 × 3.14 × 6 = 37.68 cm.",
            },
            {
                "kind": "single",
                "stem": "Which formula gives the **area** of a circle with radius r?",
                "choices": [
                    {"text": "A = πr²", "correct": True, "misconception": ""},
                    {
                        "text": "A = 2πr",
                        "correct": False,
                        "misconception": (
                            "This is the circumference, the distance around the circle."
                        ),
                    },
                    {
                        "text": "A = πd",
                        "correct": False,
                        "misconception": (
                            "This is also the circumference, written with the diameter."
                        ),
                    },
                    {
                        "text": "A = πd²",
                        "correct": False,
                        "misconception": (
                            "Squared the diameter instead of the radius, which gives 4 times the "
                            "area."
                        ),
                    },
                ],
                "feedback": "The area of a circle is π times the radius squared: A = πr².",
            },
            {
                "kind": "numeric",
                "stem": (
                    "A circular rug has a diameter of **8 feet**. What is its area in square feet? "
                    "Use 3.14 for π."
                ),
                "answer": 50.24,
                "tolerance": 0.01,
                "feedback": (
                    "The radius is 8 ÷ 2 = 4 ft, so A = 3.14 × 4² = 3.14 × 16 = 50.24 square feet."
                ),
            },
            {
                "kind": "multiple",
                "stem": (
                    "A circle has a diameter of **10 inches**. Use 3.14 for π. Select **all** the "
                    "true statements."
                ),
                "choices": [
                    {"text": "The radius is 5 inches.", "correct": True, "misconception": ""},
                    {
                        "text": "The circumference is 31.4 inches.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "The area is 78.5 square inches.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "The area is 314 square inches.",
                        "correct": False,
                        "misconception": "Used the diameter as the radius in A = πr².",
                    },
                    {
                        "text": "The circumference is 15.7 inches.",
                        "correct": False,
                        "misconception": "Used the radius in C = πd.",
                    },
                ],
                "feedback": (
                    "r = 10 ÷ 2 = 5 in, C = πd = 3.14 × 10 = 31.4 in and A = πr² = 3.14 × 25 = "
                    "78.5 square inches."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "A circle is cut into many thin wedges that are rearranged into a shape close "
                    "to a parallelogram. Its height is the radius. Its base is half of the "
                    "circle's ______. (One word.)"
                ),
                "accepted": ["circumference", "the circumference"],
                "feedback": (
                    "Half the wedges' curved edges run along each side, so the base is half the "
                    "circumference, πr, and the area is πr × r = πr²."
                ),
            },
        ],
        "B": [
            {
                "kind": "single",
                "stem": (
                    "A circle has a radius of **4 m**. What is its circumference? Use 3.14 for π."
                ),
                "choices": [
                    {"text": "25.12 m", "correct": True, "misconception": ""},
                    {
                        "text": "12.56 m",
                        "correct": False,
                        "misconception": "Used the radius in C = πd; the diameter is 2 × 4 = 8 m.",
                    },
                    {
                        "text": "50.24 m",
                        "correct": False,
                        "misconception": "Used the area formula πr² instead of the circumference.",
                    },
                    {
                        "text": "200.96 m",
                        "correct": False,
                        "misconception": (
                            "Squared the diameter in the area formula instead of finding the "
                            "circumference."
                        ),
                    },
                ],
                "feedback": "C = 2πr = 2 × 3.14 × 4 = 25.12 m.",
            },
            {
                "kind": "single",
                "stem": "Which formula gives the **circumference** of a circle with diameter d?",
                "choices": [
                    {"text": "C = πd", "correct": True, "misconception": ""},
                    {
                        "text": "C = πr²",
                        "correct": False,
                        "misconception": "This is the area, the space inside the circle.",
                    },
                    {
                        "text": "C = 2πd",
                        "correct": False,
                        "misconception": (
                            "Mixed up C = 2πr with C = πd; doubling the diameter gives twice the "
                            "circumference."
                        ),
                    },
                    {
                        "text": "C = d/π",
                        "correct": False,
                        "misconception": (
                            "Divided by π instead of multiplying; the circumference is a bit more "
                            "than 3 diameters."
                        ),
                    },
                ],
                "feedback": (
                    "The circumference is π times the diameter: C = πd (which is the same as 2πr)."
                ),
            },
            {
                "kind": "numeric",
                "stem": (
                    "A circular table has a diameter of **12 feet**. What is its area in square "
                    "feet? Use 3.14 for π."
                ),
                "answer": 113.04,
                "tolerance": 0.01,
                "feedback": (
                    "The radius is 12 ÷ 2 = 6 ft, so A = 3.14 × 6² = 3.14 × 36 = 113.04 square "
                    "feet."
                ),
            },
            {
                "kind": "multiple",
                "stem": (
                    "A circle has a diameter of **14 cm**. Use 3.14 for π. Select **all** the true "
                    "statements."
                ),
                "choices": [
                    {"text": "The radius is 7 cm.", "correct": True, "misconception": ""},
                    {
                        "text": "The circumference is 43.96 cm.",
                        "correct": True,
                        "misconception": "",
                    },
                    {"text": "The area is 153.86 square cm.", "correct": True, "misconception": ""},
                    {
                        "text": "The area is 615.44 square cm.",
                        "correct": False,
                        "misconception": "Used the diameter as the radius in A = πr².",
                    },
                    {
                        "text": "The circumference is 21.98 cm.",
                        "correct": False,
                        "misconception": "Used the radius in C = πd.",
                    },
                ],
                "feedback": (
                    "r = 14 ÷ 2 = 7 cm, C = πd = 3.14 × 14 = 43.96 cm and A = πr² = 3.14 × 49 = "
                    "153.86 square cm."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "A circle is cut into many thin wedges that are rearranged into a shape close "
                    "to a parallelogram. Its base is half of the circumference. Its height is the "
                    "circle's ______. (One word.)"
                ),
                "accepted": ["radius", "the radius"],
                "feedback": (
                    "Each wedge is as tall as the radius, so the area is (half the circumference) "
                    "× radius = πr × r = πr²."
                ),
            },
        ],
    },
    "bank": [
        {
            "kind": "single",
            "stem": (
                "A bicycle wheel has a diameter of **26 inches**. How far does the bike move in "
                "one full turn of the wheel? Use 3.14 for π."
            ),
            "choices": [
                {"text": "81.64 inches", "correct": True, "misconception": ""},
                {
                    "text": "40.82 inches",
                    "correct": False,
                    "misconception": "Used the radius (13) in C = πd.",
                },
                {
                    "text": "530.66 inches",
                    "correct": False,
                    "misconception": (
                        "Found the area of the wheel instead of the distance around it."
                    ),
                },
                {
                    "text": "163.28 inches",
                    "correct": False,
                    "misconception": "Used C = 2πr with the diameter instead of the radius.",
                },
            ],
            "feedback": "One turn covers the circumference: C = πd = 3.14 × 26 = 81.64 inches.",
        },
        {
            "kind": "numeric",
            "stem": (
                "A circle has a circumference of **31.4 m**. What is its radius in meters? Use "
                "3.14 for π."
            ),
            "answer": 5.0,
            "tolerance": 0.01,
            "feedback": "d = C ÷ π = 31.4 ÷ 3.14 = 10 m, so r = 10 ÷ 2 = 5 m.",
        },
        {
            "kind": "text",
            "stem": (
                "A circle has an area of **28.26 square units**. What is its radius? Use 3.14 for "
                "π."
            ),
            "accepted": ["3", "r = 3", "3 units", "3.0"],
            "feedback": "r² = 28.26 ÷ 3.14 = 9, so r = 3 units.",
        },
    ],
}

G_B_6: dict[str, Any] = {
    "code": "7.G.B.6",
    "statement": (
        "Solve real-world and mathematical problems involving area, volume and surface area of "
        "two- and three-dimensional objects composed of triangles, quadrilaterals, polygons, "
        "cubes, and right prisms."
    ),
    "i_can": (
        "I can find the area, surface area and volume of shapes and prisms, including shapes made "
        "from simpler ones."
    ),
    "icon": "bell",
    "colour": "green",
    "forms": {
        "A": [
            {
                "kind": "single",
                "stem": (
                    "A right rectangular prism is **5 cm by 3 cm by 4 cm**. What is its volume?"
                ),
                "choices": [
                    {"text": "60 cubic cm", "correct": True, "misconception": ""},
                    {
                        "text": "12 cubic cm",
                        "correct": False,
                        "misconception": "Added the dimensions instead of multiplying them.",
                    },
                    {
                        "text": "94 cubic cm",
                        "correct": False,
                        "misconception": (
                            "Found the surface area (the area of the six faces) instead of the "
                            "volume."
                        ),
                    },
                    {
                        "text": "47 cubic cm",
                        "correct": False,
                        "misconception": (
                            "Added the areas of three faces, which is half the surface area, not "
                            "the volume."
                        ),
                    },
                ],
                "feedback": "Volume = length × width × height = 5 × 3 × 4 = 60 cubic cm.",
            },
            {
                "kind": "single",
                "stem": (
                    "A sign is a **rectangle 8 ft wide and 5 ft tall** with a **triangle** on top. "
                    "The triangle has a base of **8 ft** and a height of **3 ft**. What is the "
                    "total area of the sign?"
                ),
                "choices": [
                    {"text": "52 square feet", "correct": True, "misconception": ""},
                    {
                        "text": "64 square feet",
                        "correct": False,
                        "misconception": "Forgot the 1/2 in the triangle's area (used 8 × 3 = 24).",
                    },
                    {
                        "text": "24 square feet",
                        "correct": False,
                        "misconception": (
                            "Added all the lengths (8 + 5 + 8 + 3) instead of finding areas."
                        ),
                    },
                    {
                        "text": "40 square feet",
                        "correct": False,
                        "misconception": (
                            "Found only the rectangle's area and left out the triangle."
                        ),
                    },
                ],
                "feedback": (
                    "Rectangle: 8 × 5 = 40; triangle: 1/2 × 8 × 3 = 12; total 40 + 12 = 52 square "
                    "feet."
                ),
            },
            {
                "kind": "numeric",
                "stem": (
                    "What is the surface area, in square inches, of a cube with edges **4 inches** "
                    "long?"
                ),
                "answer": 96.0,
                "tolerance": 0.0,
                "feedback": (
                    "A cube has 6 square faces, each 4 × 4 = 16 square inches: 6 × 16 = 96 square "
                    "inches."
                ),
            },
            {
                "kind": "multiple",
                "stem": (
                    "A right triangular prism is **10 cm** long. Each triangular base is a right "
                    "triangle with legs **3 cm** and **4 cm** and a longest side of **5 cm**. "
                    "Select **all** the true statements."
                ),
                "choices": [
                    {
                        "text": "Each triangular base has an area of 6 square cm.",
                        "correct": True,
                        "misconception": "",
                    },
                    {"text": "The volume is 60 cubic cm.", "correct": True, "misconception": ""},
                    {
                        "text": "The volume is 120 cubic cm.",
                        "correct": False,
                        "misconception": (
                            "Forgot the 1/2 when finding the area of the triangular base."
                        ),
                    },
                    {
                        "text": "The three rectangular faces have a total area of 120 square cm.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "The surface area is 126 square cm.",
                        "correct": False,
                        "misconception": "Counted only one triangular base; a prism has two.",
                    },
                ],
                "feedback": (
                    "Base area = 1/2 × 3 × 4 = 6, volume = 6 × 10 = 60, rectangles = (3 + 4 + 5) × "
                    "10 = 120, so surface area = 120 + 2 × 6 = 132 square cm."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "A storage box is **2.5 ft by 2 ft by 1.5 ft**. What is its volume in cubic "
                    "feet?"
                ),
                "accepted": ["7.5", "7 1/2", "15/2", "7.5 cubic feet", "7.5 ft³"],
                "feedback": "Volume = 2.5 × 2 × 1.5 = 5 × 1.5 = 7.5 cubic feet.",
            },
        ],
        "B": [
            {
                "kind": "single",
                "stem": (
                    "A right rectangular prism is **6 in by 4 in by 3 in**. What is its volume?"
                ),
                "choices": [
                    {"text": "72 cubic inches", "correct": True, "misconception": ""},
                    {
                        "text": "13 cubic inches",
                        "correct": False,
                        "misconception": "Added the dimensions instead of multiplying them.",
                    },
                    {
                        "text": "108 cubic inches",
                        "correct": False,
                        "misconception": (
                            "Found the surface area (the area of the six faces) instead of the "
                            "volume."
                        ),
                    },
                    {
                        "text": "54 cubic inches",
                        "correct": False,
                        "misconception": (
                            "Added the areas of three faces, which is half the surface area, not "
                            "the volume."
                        ),
                    },
                ],
                "feedback": "Volume = length × width × height = 6 × 4 × 3 = 72 cubic inches.",
            },
            {
                "kind": "single",
                "stem": (
                    "A banner is a **rectangle 10 m wide and 4 m tall** with a **triangle** on "
                    "top. The triangle has a base of **10 m** and a height of **6 m**. What is the "
                    "total area of the banner?"
                ),
                "choices": [
                    {"text": "70 square meters", "correct": True, "misconception": ""},
                    {
                        "text": "100 square meters",
                        "correct": False,
                        "misconception": (
                            "Forgot the 1/2 in the triangle's area (used 10 × 6 = 60)."
                        ),
                    },
                    {
                        "text": "30 square meters",
                        "correct": False,
                        "misconception": (
                            "Added all the lengths (10 + 4 + 10 + 6) instead of finding areas."
                        ),
                    },
                    {
                        "text": "40 square meters",
                        "correct": False,
                        "misconception": (
                            "Found only the rectangle's area and left out the triangle."
                        ),
                    },
                ],
                "feedback": (
                    "Rectangle: 10 × 4 = 40; triangle: 1/2 × 10 × 6 = 30; total 40 + 30 = 70 "
                    "square meters."
                ),
            },
            {
                "kind": "numeric",
                "stem": (
                    "What is the surface area, in square cm, of a cube with edges **5 cm** long?"
                ),
                "answer": 150.0,
                "tolerance": 0.0,
                "feedback": (
                    "A cube has 6 square faces, each 5 × 5 = 25 square cm: 6 × 25 = 150 square cm."
                ),
            },
            {
                "kind": "multiple",
                "stem": (
                    "A right triangular prism is **5 cm** long. Each triangular base is a right "
                    "triangle with legs **6 cm** and **8 cm** and a longest side of **10 cm**. "
                    "Select **all** the true statements."
                ),
                "choices": [
                    {
                        "text": "Each triangular base has an area of 24 square cm.",
                        "correct": True,
                        "misconception": "",
                    },
                    {"text": "The volume is 120 cubic cm.", "correct": True, "misconception": ""},
                    {
                        "text": "The volume is 240 cubic cm.",
                        "correct": False,
                        "misconception": (
                            "Forgot the 1/2 when finding the area of the triangular base."
                        ),
                    },
                    {
                        "text": "The three rectangular faces have a total area of 120 square cm.",
                        "correct": True,
                        "misconception": "",
                    },
                    {
                        "text": "The surface area is 144 square cm.",
                        "correct": False,
                        "misconception": "Counted only one triangular base; a prism has two.",
                    },
                ],
                "feedback": (
                    "Base area = 1/2 × 6 × 8 = 24, volume = 24 × 5 = 120, rectangles = (6 + 8 + "
                    "10) × 5 = 120, so surface area = 120 + 2 × 24 = 168 square cm."
                ),
            },
            {
                "kind": "text",
                "stem": (
                    "A toy chest is **3.5 ft by 2 ft by 1.5 ft**. What is its volume in cubic feet?"
                ),
                "accepted": ["10.5", "10 1/2", "21/2", "10.5 cubic feet", "10.5 ft³"],
                "feedback": "Volume = 3.5 × 2 × 1.5 = 7 × 1.5 = 10.5 cubic feet.",
            },
        ],
    },
    "bank": [
        {
            "kind": "single",
            "stem": (
                "A right prism has a trapezoid base with an area of **18 square cm**. The prism is "
                "**7 cm** long. What is its volume?"
            ),
            "choices": [
                {"text": "126 cubic cm", "correct": True, "misconception": ""},
                {
                    "text": "25 cubic cm",
                    "correct": False,
                    "misconception": "Added the base area and the length instead of multiplying.",
                },
                {
                    "text": "63 cubic cm",
                    "correct": False,
                    "misconception": "Took half of the product, as if the prism were a triangle.",
                },
                {
                    "text": "252 cubic cm",
                    "correct": False,
                    "misconception": "Doubled the product, as if counting two bases.",
                },
            ],
            "feedback": (
                "The volume of any right prism is base area × length: 18 × 7 = 126 cubic cm."
            ),
        },
        {
            "kind": "numeric",
            "stem": (
                "A fish tank is **50 cm by 30 cm by 40 cm**. How many liters of water does it hold "
                "when full? (1 liter = 1,000 cubic cm.)"
            ),
            "answer": 60.0,
            "tolerance": 0.0,
            "feedback": "Volume = 50 × 30 × 40 = 60,000 cubic cm, and 60,000 ÷ 1,000 = 60 liters.",
        },
        {
            "kind": "text",
            "stem": (
                "How many cubes with edges **1/2 inch** long fill a box that is **2 in by 1 in by "
                "1 in**?"
            ),
            "accepted": ["16", "16 cubes", "sixteen"],
            "feedback": (
                "Along the edges fit 4, 2 and 2 half-inch cubes, so 4 × 2 × 2 = 16 cubes (2 cubic "
                "inches ÷ 1/8 cubic inch each)."
            ),
        },
    ],
}


# Bank items written with math (LaTeX between dollar signs, drawn as MathML), one per unit;
# the last keeps its choices in order ("all of the above" must stay last).
MATH_ITEMS: dict[str, list[dict[str, Any]]] = {
    "7.RP.A.1": [
        {
            "kind": "single",
            "stem": (
                r"A snail crawls $\frac{3}{4}$ of a metre in $\frac{1}{2}$ an hour. "
                "How far does it crawl **per hour**?"
            ),
            "feedback": (
                r"Divide the distance by the time: "
                r"$\frac{3}{4} \div \frac{1}{2} = \frac{3}{2}$."
            ),
            "choices": [
                {"text": r"$\frac{3}{2}$ metres", "correct": True, "misconception": ""},
                {
                    "text": r"$\frac{3}{8}$ metre",
                    "correct": False,
                    "misconception": "Multiplied the distance by the time instead of dividing.",
                },
                {
                    "text": r"$\frac{2}{3}$ metre",
                    "correct": False,
                    "misconception": "Divided the time by the distance.",
                },
            ],
        },
    ],
    "7.NS.A.1": [
        {
            "kind": "numeric",
            "stem": r"Work out $-\frac{1}{2} + \frac{3}{4}$. Give a fraction or a decimal.",
            "answer": 0.25,
            "feedback": r"Write both with quarters: $-\frac{2}{4} + \frac{3}{4} = \frac{1}{4}$.",
        },
    ],
    "7.EE.B.3": [
        {
            "kind": "single",
            "keep_order": True,
            "stem": r"Which of these equal $25\%$ of $80$?",
            "feedback": (
                r"$25\% = \frac{1}{4}$, and $\frac{1}{4} \times 80 = 20$; "
                r"so does $0.25 \times 80$."
            ),
            "choices": [
                {
                    "text": r"$\frac{1}{4} \times 80$",
                    "correct": False,
                    "misconception": "Right, but not the only one: read every choice first.",
                },
                {
                    "text": r"$0.25 \times 80$",
                    "correct": False,
                    "misconception": "Right, but not the only one: read every choice first.",
                },
                {"text": "$20$", "correct": False, "misconception": "Right, but not the only one."},
                {"text": "All of the above", "correct": True, "misconception": ""},
            ],
        },
    ],
}

# Open-response questions, one per unit: the student writes (and may attach a photo of
# their working); the teacher scores it on the scale from the scoring queue. The rubric
# says what each level looks like.
OPEN_ITEMS: dict[str, list[dict[str, Any]]] = {
    "7.RP.A.1": [
        {
            "kind": "open",
            "points": 5,
            "stem": (
                r"Maya walks $\frac{1}{2}$ mile in $\frac{1}{4}$ hour. Explain, in words and "
                "numbers, how to find how far she walks **in one hour**."
            ),
            "rubric": (
                "4 Exceeds: 2 miles per hour, with the division explained and checked another "
                "way (a table or a double number line).\n\n"
                r"3 Mastered: 2 miles per hour, from $\frac{1}{2} \div \frac{1}{4}$ with the "
                "units named.\n\n"
                "2 Approaching: sets up the division but makes a slip, or gives 2 with no "
                "reasoning.\n\n"
                "1 Beginning: multiplies, or no rate."
            ),
            "feedback": r"Miles ÷ hours: $\frac{1}{2} \div \frac{1}{4} = 2$ miles per hour.",
        }
    ],
    "7.NS.A.1": [
        {
            "kind": "open",
            "points": 5,
            "stem": (
                "Use a number line to explain why −3 + 5 = 2. You may draw it on paper and "
                "attach a photo of your drawing."
            ),
            "rubric": (
                "4 Exceeds: a correct number line and an explanation that generalises "
                "(adding a positive moves right, whatever the start).\n\n"
                "3 Mastered: starts at −3, moves 5 to the right, lands on 2, and says so.\n\n"
                "2 Approaching: a number line with a slip in the direction or the count.\n\n"
                "1 Beginning: no number line, or moves the wrong way."
            ),
            "feedback": "Start at −3 and move 5 steps to the right: you land on 2.",
        }
    ],
    "7.EE.B.3": [
        {
            "kind": "open",
            "points": 5,
            "stem": (
                "A jacket costs 40 dollars. It is 25 % off, then a tax of 10 % is added to the "
                "sale price. Sam says he pays 33 dollars. Is Sam right? Show how you know."
            ),
            "rubric": (
                "4 Exceeds: yes, 33 dollars, and shows that 0.75 × 1.10 × 40 gives the same "
                "in one step.\n\n"
                "3 Mastered: yes; 40 − 10 = 30, then 30 + 3 = 33, each step shown.\n\n"
                "2 Approaching: takes 25 % and 10 % off or on together (35 % off: 26 dollars) "
                "or a slip in one step.\n\n"
                "1 Beginning: no working, or an answer with no reasoning."
            ),
            "feedback": "25 % off 40 is 30; 10 % tax on 30 is 3; 30 + 3 = 33. Sam is right.",
        }
    ],
}

# Questions with a picture (drawn when the demo loads: demo/pictures.py), and one whose
# choices are pictures. `picture` names the drawing; `alt` says what it shows.
PICTURE_ITEMS: dict[str, list[dict[str, Any]]] = {
    "7.RP.A.2": [
        {
            "kind": "numeric",
            "stem": (
                "The graph shows what Lena earns for the hours she works. It is proportional. "
                "How many dollars does she earn **per hour**?"
            ),
            "picture": "proportional_graph",
            "alt": (
                "A straight line from the origin through the point (4, 48): hours worked "
                "across, dollars earned up."
            ),
            "answer": 12,
            "feedback": "The line passes (4, 48): 48 ÷ 4 = 12 dollars per hour.",
        }
    ],
    "7.G.B.4": [
        {
            "kind": "single",
            "stem": r"What is the area of the circle? Use $3.14$ for $\pi$.",
            "picture": "circle",
            "alt": "A circle with a radius of 5 cm drawn from its centre to its edge.",
            "choices": [
                {"text": "78.5 cm²", "correct": True, "misconception": ""},
                {
                    "text": "31.4 cm²",
                    "correct": False,
                    "misconception": "Found the circumference (2πr), not the area.",
                },
                {
                    "text": "15.7 cm²",
                    "correct": False,
                    "misconception": "Multiplied π by the radius only.",
                },
                {
                    "text": "314 cm²",
                    "correct": False,
                    "misconception": "Squared the diameter instead of the radius.",
                },
            ],
            "feedback": r"$A = \pi r^2 = 3.14 \times 5^2 = 78.5$ cm².",
        }
    ],
    "7.G.A.1": [
        {
            "kind": "single",
            "stem": "Which rectangle is a scale drawing of a 2 cm by 3 cm rectangle?",
            "choices": [
                {
                    "text": "Rectangle A",
                    "correct": True,
                    "misconception": "",
                    "picture": "rectangle_4_6",
                    "alt": "A rectangle 4 cm wide and 6 cm tall.",
                },
                {
                    "text": "Rectangle B",
                    "correct": False,
                    "misconception": "Added 2 to each side instead of multiplying.",
                    "picture": "rectangle_4_5",
                    "alt": "A rectangle 4 cm wide and 5 cm tall.",
                },
                {
                    "text": "Rectangle C",
                    "correct": False,
                    "misconception": "Kept the width and only stretched the height.",
                    "picture": "rectangle_2_6",
                    "alt": "A rectangle 2 cm wide and 6 cm tall.",
                },
            ],
            "feedback": "Both sides times 2: 2 × 2 = 4 and 3 × 2 = 6.",
        }
    ],
}


UNITS: list[dict[str, Any]] = [
    {
        "title": "Ratios & Proportional Relationships",
        "standards": [RP_A_1, RP_A_2, RP_A_3, G_A_1],
    },
    {
        "title": "Rational Numbers & Expressions",
        "standards": [NS_A_1, NS_A_2, NS_A_3, EE_A_1],
    },
    {
        "title": "Equations & Geometry",
        "standards": [EE_B_3, EE_B_4, G_B_4, G_B_6],
    },
]


# ---------------------------------------------------------------------------
# Spanish versions of items, for the English learners (SPANISH_SPEAKERS)
# ---------------------------------------------------------------------------
# Keyed by the English stem. Choices are in the English order. Numbers keep the decimal
# point students type (scoring reads "4,5" as no number). The forms translated are those the
# two students take first and next: 7.RP.A.1 A and B, 7.NS.A.3 A and B, 7.EE.B.3 B.
# `stale_from` is the item's earlier English wording: the demo writes the Spanish against
# it and then edits the English, so the editor shows a translation that is out of date.

SPANISH_ITEMS: dict[str, dict[str, Any]] = {
    # 7.RP.A.1 form A
    "Maya walks **1/2 mile** every **1/4 hour**. What is her speed in miles per hour?": {
        "stem": "Maya camina **1/2 milla** cada **1/4 de hora**. ¿Cuál es su velocidad en "
        "millas por hora?",
        "choices": [
            "2 millas por hora",
            "1/8 de milla por hora",
            "1/2 milla por hora",
            "3/4 de milla por hora",
        ],
        "feedback": "Divide la distancia entre el tiempo: (1/2) ÷ (1/4) = 1/2 × 4/1 = 2 millas "
        "por hora.",
    },
    (
        "A recipe uses **2/3 cup of sugar** for every **1/2 cup of flour**. How many cups of "
        "sugar is that per cup of flour?"
    ): {
        "stem": "Una receta lleva **2/3 de taza de azúcar** por cada **1/2 taza de harina**. "
        "¿Cuántas tazas de azúcar son por cada taza de harina?",
        "choices": ["1 1/3 tazas", "1/3 de taza", "3/4 de taza", "1/6 de taza"],
        "feedback": "El azúcar por taza de harina es (2/3) ÷ (1/2) = 2/3 × 2 = 4/3 = 1 1/3 tazas.",
        "stale_from": (
            "A recipe uses **2/3 cup of sugar** for each **1/2 cup of flour**. How much sugar "
            "is that for one cup of flour?"
        ),
    },
    (
        "A printer prints **3/4 of a page** in **1/8 minute**. How many pages does it print "
        "per minute?"
    ): {
        "stem": "Una impresora imprime **3/4 de página** en **1/8 de minuto**. ¿Cuántas "
        "páginas imprime por minuto?",
        "feedback": "Páginas por minuto = (3/4) ÷ (1/8) = 3/4 × 8 = 6 páginas por minuto.",
    },
    "Select **all** the situations that have a unit rate of **3 miles per hour**.": {
        "stem": "Marca **todas** las situaciones que tienen una tasa unitaria de **3 millas "
        "por hora**.",
        "choices": [
            "1 1/2 millas en 1/2 hora",
            "3/4 de milla en 1/4 de hora",
            "1/3 de milla en 1 hora",
            "6 millas en 2 horas",
            "1 milla en 3 horas",
        ],
        "feedback": "Divide las millas entre las horas en cada caso: (3/2) ÷ (1/2) = 3, "
        "(3/4) ÷ (1/4) = 3 y 6 ÷ 2 = 3; las otras dos son 1/3 de milla por hora.",
    },
    (
        "Lena paints **2/5 of a wall** in **1/3 hour**. At this rate, how much of the wall "
        "does she paint per hour? Write a fraction or a decimal."
    ): {
        "stem": "Lena pinta **2/5 de una pared** en **1/3 de hora**. A ese ritmo, ¿cuánto de "
        "la pared pinta en una hora? Escribe una fracción o un decimal.",
        "feedback": "Pared por hora = (2/5) ÷ (1/3) = 2/5 × 3 = 6/5, o sea 1.2 paredes por hora.",
    },
    # 7.RP.A.1 form B
    "A cyclist rides **3/4 mile** every **1/6 hour**. What is her speed in miles per hour?": {
        "stem": "Una ciclista recorre **3/4 de milla** cada **1/6 de hora**. ¿Cuál es su "
        "velocidad en millas por hora?",
        "choices": [
            "4 1/2 millas por hora",
            "1/8 de milla por hora",
            "2/9 de milla por hora",
            "11/12 de milla por hora",
        ],
        "feedback": "Divide la distancia entre el tiempo: (3/4) ÷ (1/6) = 3/4 × 6 = 18/4 = "
        "4 1/2 millas por hora.",
    },
    (
        "A paint mix uses **3/4 cup of blue** for every **1/3 cup of white**. How many cups "
        "of blue is that per cup of white?"
    ): {
        "stem": "Una mezcla de pintura lleva **3/4 de taza de azul** por cada **1/3 de taza "
        "de blanco**. ¿Cuántas tazas de azul son por cada taza de blanco?",
        "choices": ["2 1/4 tazas", "1/4 de taza", "4/9 de taza", "5/12 de taza"],
        "feedback": "El azul por taza de blanco es (3/4) ÷ (1/3) = 3/4 × 3 = 9/4 = 2 1/4 tazas.",
    },
    (
        "A hose fills **5/6 of a bucket** in **1/3 minute**. How many buckets does it fill "
        "per minute?"
    ): {
        "stem": "Una manguera llena **5/6 de una cubeta** en **1/3 de minuto**. ¿Cuántas "
        "cubetas llena por minuto?",
        "feedback": "Cubetas por minuto = (5/6) ÷ (1/3) = 5/6 × 3 = 15/6 = 2.5 cubetas por minuto.",
    },
    "Select **all** the situations that have a unit rate of **4 pages per minute**.": {
        "stem": "Marca **todas** las situaciones que tienen una tasa unitaria de **4 páginas "
        "por minuto**.",
        "choices": [
            "2 páginas en 1/2 minuto",
            "1 página en 1/4 de minuto",
            "1/4 de página en 1 minuto",
            "12 páginas en 3 minutos",
            "1 página en 4 minutos",
        ],
        "feedback": "Divide las páginas entre los minutos en cada caso: 2 ÷ (1/2) = 4, "
        "1 ÷ (1/4) = 4 y 12 ÷ 3 = 4; las otras dos son 1/4 de página por minuto.",
    },
    (
        "Omar mows **3/8 of a lawn** in **1/4 hour**. At this rate, how much of the lawn does "
        "he mow per hour? Write a fraction or a decimal."
    ): {
        "stem": "Omar corta **3/8 de un césped** en **1/4 de hora**. A ese ritmo, ¿cuánto del "
        "césped corta en una hora? Escribe una fracción o un decimal.",
        "feedback": "Césped por hora = (3/8) ÷ (1/4) = 3/8 × 4 = 12/8 = 3/2, o sea 1.5 "
        "céspedes por hora.",
    },
    # 7.NS.A.3 form A
    (
        "Jada had **$45.50** in her account. She bought **3 books** at **$12.75** each. What "
        "is her balance now?"
    ): {
        "stem": "Jada tenía **$45.50** en su cuenta. Compró **3 libros** de **$12.75** cada "
        "uno. ¿Cuánto dinero le queda ahora?",
        "choices": ["$7.25", "$32.75", "$83.75", "-$7.25"],
        "feedback": "Los libros cuestan 3 × 12.75 = $38.25, así que le quedan 45.50 - 38.25 "
        "= $7.25.",
    },
    (
        "The temperature fell from **6 °F** to **-15 °F** over **3 hours** at a steady rate. "
        "What was the change in temperature per hour?"
    ): {
        "stem": "La temperatura bajó de **6 °F** a **-15 °F** en **3 horas**, siempre al "
        "mismo ritmo. ¿Cuánto cambió la temperatura en cada hora?",
        "choices": [
            "-7 °F por hora",
            "-3 °F por hora",
            "7 °F por hora",
            "-21 °F por hora",
        ],
        "feedback": "El cambio es -15 - 6 = -21 °F, y -21 ÷ 3 = -7 °F por hora.",
    },
    (
        "One batch of muffins needs **2/3 cup** of oil. How many batches can you make with "
        "**4 cups** of oil?"
    ): {
        "stem": "Una tanda de panquecitos lleva **2/3 de taza** de aceite. ¿Cuántas tandas "
        "puedes hacer con **4 tazas** de aceite?",
        "feedback": "Divide: 4 ÷ (2/3) = 4 × 3/2 = 6 tandas.",
    },
    (
        "A hiker starts **120 m** above sea level. She goes down **35.5 m** three times. "
        "Select **all** the true statements."
    ): {
        "stem": "Una excursionista empieza a **120 m** sobre el nivel del mar. Baja **35.5 m** "
        "tres veces. Marca **todas** las frases verdaderas.",
        "choices": [
            "120 + 3 × (-35.5) da su altura final.",
            "Termina a 13.5 m sobre el nivel del mar.",
            "Termina bajo el nivel del mar.",
            "Su cambio total de altura es -106.5 m.",
            "Su cambio total de altura es -35.5 m.",
        ],
        "feedback": "El cambio total es 3 × (-35.5) = -106.5 m, así que termina en 120 - "
        "106.5 = 13.5 m sobre el nivel del mar.",
    },
    (
        "A board **7 1/2 feet** long is cut into pieces that are each **5/8 foot** long. How "
        "many pieces are there?"
    ): {
        "stem": "Una tabla de **7 1/2 pies** de largo se corta en trozos de **5/8 de pie** "
        "cada uno. ¿Cuántos trozos salen?",
        "feedback": "Divide: 7 1/2 ÷ 5/8 = 15/2 × 8/5 = 120/10 = 12 trozos.",
    },
    # 7.NS.A.3 form B
    (
        "Kofi had **$60.25** in his account. He bought **4 tickets** at **$11.50** each. "
        "What is his balance now?"
    ): {
        "stem": "Kofi tenía **$60.25** en su cuenta. Compró **4 boletos** de **$11.50** cada "
        "uno. ¿Cuánto dinero le queda ahora?",
        "choices": ["$14.25", "$48.75", "$106.25", "-$14.25"],
        "feedback": "Los boletos cuestan 4 × 11.50 = $46.00, así que le quedan 60.25 - 46.00 "
        "= $14.25.",
    },
    (
        "The temperature fell from **10 °F** to **-14 °F** over **4 hours** at a steady "
        "rate. What was the change in temperature per hour?"
    ): {
        "stem": "La temperatura bajó de **10 °F** a **-14 °F** en **4 horas**, siempre al "
        "mismo ritmo. ¿Cuánto cambió la temperatura en cada hora?",
        "choices": [
            "-6 °F por hora",
            "-1 °F por hora",
            "6 °F por hora",
            "-24 °F por hora",
        ],
        "feedback": "El cambio es -14 - 10 = -24 °F, y -24 ÷ 4 = -6 °F por hora.",
    },
    (
        "Each bag of trail mix holds **3/4 pound**. How many bags can you fill with **9 "
        "pounds** of trail mix?"
    ): {
        "stem": "Cada bolsa de mezcla de frutos secos lleva **3/4 de libra**. ¿Cuántas bolsas "
        "puedes llenar con **9 libras** de mezcla?",
        "feedback": "Divide: 9 ÷ (3/4) = 9 × 4/3 = 12 bolsas.",
    },
    (
        "A climber starts **85 m** above sea level. She goes down **22.5 m** four times. "
        "Select **all** the true statements."
    ): {
        "stem": "Una escaladora empieza a **85 m** sobre el nivel del mar. Baja **22.5 m** "
        "cuatro veces. Marca **todas** las frases verdaderas.",
        "choices": [
            "85 + 4 × (-22.5) da su altura final.",
            "Termina 5 m bajo el nivel del mar.",
            "Termina sobre el nivel del mar.",
            "Su cambio total de altura es -90 m.",
            "Su cambio total de altura es -22.5 m.",
        ],
        "feedback": "El cambio total es 4 × (-22.5) = -90 m, así que termina en 85 - 90 = "
        "-5 m, o sea 5 m bajo el nivel del mar.",
    },
    (
        "A ribbon **5 1/4 yards** long is cut into pieces that are each **3/8 yard** long. "
        "How many pieces are there?"
    ): {
        "stem": "Un listón de **5 1/4 yardas** de largo se corta en trozos de **3/8 de yarda** "
        "cada uno. ¿Cuántos trozos salen?",
        "feedback": "Divide: 5 1/4 ÷ 3/8 = 21/4 × 8/3 = 168/12 = 14 trozos.",
    },
    # 7.EE.B.3 form B
    "Mr. Diaz earns **$18 an hour**. He gets a **5% raise**. What is his new hourly wage?": {
        "stem": "El señor Díaz gana **$18 por hora**. Le dan un **aumento del 5%**. ¿Cuánto "
        "gana ahora por hora?",
        "choices": ["$18.90", "$0.90", "$23.00", "$18.05"],
        "feedback": "El 5% de $18 es 0.05 × 18 = $0.90, así que ahora gana 18 + 0.90 = "
        "$18.90 por hora.",
    },
    "Which is the most reasonable estimate of **24.7% of $79.90**?": {
        "stem": "¿Cuál es la estimación más razonable del **24.7% de $79.90**?",
        "choices": ["$20", "$2", "$40", "$60"],
        "feedback": "Redondea a 25% de $80: la cuarta parte de 80 es $20.",
    },
    (
        "Ana buys **1 1/2 pounds** of cheese at **$6.40 per pound** and a loaf of bread for "
        "**$2.85**. She pays with a **$20 bill**. How much change, in dollars, does she get?"
    ): {
        "stem": "Ana compra **1 1/2 libras** de queso a **$6.40 la libra** y un pan de "
        "**$2.85**. Paga con un **billete de $20**. ¿Cuánto cambio recibe, en dólares?",
        "feedback": "El queso cuesta 1.5 × 6.40 = $9.60, el total es 9.60 + 2.85 = $12.45 y "
        "el cambio es 20 - 12.45 = $7.55.",
    },
    "Select **all** the numbers equal to **3/4**.": {
        "stem": "Marca **todos** los números iguales a **3/4**.",
        "choices": ["0.75", "75%", "0.34", "9/12", "1.33"],
        "feedback": "3 ÷ 4 = 0.75 = 75%, y 3/4 = 9/12 si multiplicas arriba y abajo por 3.",
    },
    (
        "A shelf **18 1/2 inches** long is placed in the center of a wall that is **42 "
        "inches** wide. How far is each end of the shelf from the nearest edge of the wall, "
        "in inches?"
    ): {
        "stem": "Una repisa de **18 1/2 pulgadas** de largo se pone en el centro de una pared "
        "de **42 pulgadas** de ancho. ¿A qué distancia queda cada punta de la repisa del "
        "borde más cercano de la pared, en pulgadas?",
        "feedback": "Sobran 42 - 18.5 = 23.5 pulgadas, repartidas por igual: 23.5 ÷ 2 = "
        "11.75 (11 3/4) pulgadas a cada lado.",
    },
}


# ---------------------------------------------------------------------------
# After the score (issue 9): resources, routes, error analyses, groups, tutoring
# ---------------------------------------------------------------------------
# Web addresses under .example are the school's own (made-up) media server: a demo must not
# send anyone to a page nobody checked.

# Resources the teacher attached, by standard code. A practice set with "bank": True draws
# the standard's bank items (the questions on no form).
RESOURCES: dict[str, list[dict[str, Any]]] = {
    "7.RP.A.1": [
        {
            "kind": "video",
            "title": "Unit rates with fractions in 4 minutes",
            "url": "https://media.lakeside-school.example/maths7/unit-rates-fractions",
        },
        {
            "kind": "link",
            "title": "Khan Academy: Grade 7 ratios and rates",
            "url": "https://www.khanacademy.org/math/cc-seventh-grade-math",
        },
        {"kind": "practice", "title": "Unit rates: extra questions", "bank": True},
    ],
    "7.RP.A.2": [
        {
            "kind": "video",
            "title": "Is it proportional? Tables, graphs and y = kx",
            "url": "https://media.lakeside-school.example/maths7/proportional-or-not",
        },
    ],
    "7.NS.A.1": [
        {
            "kind": "link",
            "title": "Number line to print and fold (adding negatives)",
            "url": "https://media.lakeside-school.example/maths7/number-line.pdf",
        },
        {
            "kind": "practice",
            "title": "Adding and subtracting integers: practice set",
            "bank": True,
        },
    ],
    "7.NS.A.2": [
        {
            "kind": "video",
            "title": "Why a negative times a negative is positive",
            "url": "https://media.lakeside-school.example/maths7/negative-times-negative",
        },
    ],
}

# The one standard whose routes the teacher chose (the others offer the defaults): percent
# problems go to practice, the teacher or a small group, not to a peer tutor.
CONFIGURED_ROUTES: dict[str, list[str]] = {
    "7.RP.A.3": ["practice", "teacher", "small_group"],
}

# The standard that trips most of the class (the error patterns page shows why): students
# answer its questions right this much less often.
HARD_STANDARDS: dict[str, float] = {"7.NS.A.2": 0.15}

# How a student would fix a missed question, by the reason they gave.
FIXES: dict[str, list[str]] = {
    "careless": [
        "Check my arithmetic once more before I move on.",
        "Slow down on the last step, that's where I slipped.",
        "Write every step instead of doing it in my head.",
        "Copy the numbers carefully from the question.",
        "Re-check the sign at the end.",
        "Cover my answer and redo the last line.",
    ],
    "misread": [
        "Underline what the question actually asks for.",
        "Read the question twice and circle the units.",
        "Read it again and check if it wants all the answers or just one.",
        "Look for the word 'per' and what comes after it.",
        "Highlight the numbers and what each one means before starting.",
    ],
    "did_not_know": [
        "Watch the video and redo the example in my notebook.",
        "Ask Mr Rivera to show me one more example.",
        "Do the practice set until I get three right in a row.",
        "Look at my notes from class and try a similar question.",
        "Ask my tutor how they think about it.",
        "Make a small table first so I can see the pattern.",
    ],
    "misconception": [
        "Divide the first quantity by the second, don't multiply.",
        "Check which number goes on top before I divide.",
        "Use the number line instead of guessing the sign.",
        "Remember: a negative times a negative is positive.",
        "Ask myself if my answer makes sense with an estimate.",
        "Test my rule on an easy example first.",
    ],
    "other": [
        "I ran out of time, so start with the ones I know next time.",
        "I guessed because I was tired; ask for help earlier.",
    ],
}

# The same in Spanish, for the students who write in Spanish (SPANISH_SPEAKERS).
SPANISH_FIXES: dict[str, list[str]] = {
    "careless": [
        "Revisar las cuentas otra vez antes de seguir.",
        "Ir más despacio en el último paso.",
    ],
    "misread": [
        "Leer la pregunta dos veces y subrayar lo que pide.",
        "Fijarme en las unidades antes de empezar.",
    ],
    "did_not_know": [
        "Ver el video y repetir el ejemplo en mi cuaderno.",
        "Pedirle al profesor otro ejemplo.",
    ],
    "misconception": [
        "Dividir, no multiplicar: ver qué número va arriba.",
        "Usar la recta numérica para ver el signo.",
    ],
    "other": ["Se me acabó el tiempo; empezar por las que sé."],
}

# One-line reflections on a whole try ("What will you do differently next time?").
REFLECTIONS: list[str] = [
    "I rushed. Next time I will check every answer before I hand it in.",
    "I understand unit rates better now, but I need to read the questions more slowly.",
    "I mixed up which number to divide by. I'll write the units next to every number.",
    "I knew most of it. I'll do the practice set before the retake.",
    "The word problems were hard. I'll draw a picture first next time.",
    "I didn't study enough. I'll watch the video and ask for help at lunch.",
    "I kept making sign mistakes, so I'll use a number line.",
    "I'll redo the questions I missed and explain them to a friend.",
    "I was nervous and second-guessed myself. I'll trust my first method and check it.",
    "Estimating first would have shown me my answer was too big.",
    "I need to learn the steps, not just the answers. I'll ask for a small group.",
    "Next time I'll skip the hard one and come back to it at the end.",
]

SPANISH_REFLECTIONS: list[str] = [
    "Fui muy rápido. La próxima vez voy a revisar cada respuesta.",
    "Confundí qué número dividir. Voy a escribir las unidades al lado de cada número.",
    "Necesito practicar más con los signos. Voy a usar la recta numérica.",
    "Entendí mejor el tema con el video; voy a hacer la práctica antes del examen.",
]

# Reflections after a try that reached mastery but still missed a question.
MASTERED_REFLECTIONS: list[str] = [
    "Mostly right. I lost one point on a careless slip.",
    "Good try. I'll still read the long questions twice.",
    "I got there! I want to understand the one I missed too.",
]

# The teacher's notes on groups and unlocks.
PAST_GROUP_NOTE = "Back table, 15 minutes: mini whiteboards, one example each."
TODAY_GROUP_NOTE = "Bring your look back. We start with the question most of you missed."
UNLOCK_NOTE = "We went over the missed questions together at lunch."
