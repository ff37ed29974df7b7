"""The kiosk's look: big type and big targets, readable from a metre away, for a finger."""

from __future__ import annotations

INK = "#1B1B1B"
MUTED = "#5F6368"
# Every text on the kiosk meets WCAG AA (4.5:1) against what it stands on
# (tests/ui/kiosk/test_kiosk_look.py measures the screens as drawn).
ACCENT = "#1967D2"
"""White on it 5.4:1."""
GREEN = "#188038"
"""White on it 5.0:1."""
AMBER = "#F29900"
"""With INK on it 7.7:1; white on amber would be 2.2:1."""
RED = "#C5221F"
"""White on it 5.8:1."""
STRUCK = MUTED
"""A crossed-out list price: still text to read (6:1 on white)."""

KIOSK_STYLE = f"""
#kioskWindow, [screen="true"] {{ background: #F6F7F9; }}
QLabel {{ color: {INK}; font-size: 24px; }}
QLabel[role="hero"] {{ font-size: 60px; font-weight: 700; }}
QLabel[role="title"] {{ font-size: 44px; font-weight: 700; }}
QLabel[role="lead"] {{ font-size: 30px; }}
QLabel[role="body"] {{ font-size: 24px; }}
QLabel[role="hint"] {{ font-size: 22px; color: {MUTED}; }}
QLabel[role="caption"] {{ font-size: 22px; color: {MUTED}; }}
QLabel[role="error"] {{ font-size: 24px; color: {RED}; font-weight: 600; }}
QLabel[role="total"] {{ font-size: 36px; font-weight: 700; }}
QLabel[role="code"] {{ font-size: 40px; font-weight: 700; letter-spacing: 2px; }}
QLabel[role="consent"] {{
    font-size: 26px; background: white; border: 1px solid #C4C7CC; border-radius: 12px;
    padding: 24px;
}}
QLabel[role="camera"] {{ background: #202124; border-radius: 12px; }}

QLineEdit[big="true"] {{
    font-size: 32px; padding: 4px 16px; border: 2px solid #C4C7CC; border-radius: 10px;
    background: white; color: {INK};
}}
QLineEdit[big="true"]:focus {{ border: 3px solid {ACCENT}; }}
QLineEdit[big="true"][invalid="true"] {{ border: 3px solid {RED}; }}
QSpinBox {{
    font-size: 36px; border: 2px solid #C4C7CC; border-radius: 10px; background: white;
    color: {INK};
}}
QSpinBox#teamSize::up-button, QSpinBox#teamSize::down-button {{ width: 0; border: none; }}
QSpinBox#teamSize::up-arrow, QSpinBox#teamSize::down-arrow {{ image: none; }}
QCheckBox {{ font-size: 28px; spacing: 16px; }}
QCheckBox::indicator {{ width: 44px; height: 44px; }}
QComboBox {{ font-size: 24px; padding: 4px 12px; background: white; color: {INK}; }}
QComboBox QLineEdit {{ font-size: 24px; }}

QPushButton {{
    font-size: 30px; font-weight: 600; min-height: 68px; padding: 0 28px;
    border-radius: 14px; border: none;
}}
QPushButton[role="primary"] {{ background: {ACCENT}; color: white; }}
QPushButton[role="primary"]:disabled {{ background: #9BBEF5; }}
QPushButton[role="secondary"] {{ background: white; color: {INK}; border: 2px solid #C4C7CC; }}
QPushButton[role="quiet"] {{
    background: transparent; color: {MUTED}; font-size: 20px; min-height: 48px; padding: 0 16px;
}}
QPushButton[role="small"] {{
    background: white; color: {INK}; border: 2px solid #C4C7CC; font-size: 20px;
    min-height: 52px; padding: 0 20px;
}}
QPushButton[role="huge"] {{
    background: {ACCENT}; color: white; font-size: 32px; min-height: 220px; min-width: 360px;
    border-radius: 24px;
}}
QPushButton#signUpButton {{ background: white; color: {ACCENT}; border: 4px solid {ACCENT}; }}
QPushButton[role="language"] {{
    background: transparent; color: {MUTED}; font-size: 26px; min-height: 64px;
    border: 2px solid transparent;
}}
QPushButton[role="language"][current="true"] {{ color: {INK}; border: 2px solid {INK}; }}
QPushButton[touchKey="true"] {{
    background: white; color: {INK}; border: 1px solid #C4C7CC; border-radius: 10px;
    font-size: 28px; min-height: 64px; min-width: 64px; padding: 0;
}}
QPushButton[touchKey="true"]:pressed {{ background: #D2E3FC; }}

QFrame[role="card"] {{ background: white; border: 2px solid #C4C7CC; border-radius: 16px; }}
QFrame[role="card"][checked="true"] {{ border: 4px solid {ACCENT}; background: #E8F0FE; }}
QLabel[role="cardTitle"] {{ font-size: 28px; font-weight: 700; }}
QLabel[role="cardPrice"] {{ font-size: 30px; }}
QLabel[role="cardDays"] {{ font-size: 22px; color: {MUTED}; }}

#staffScreen QPushButton {{ font-size: 24px; padding: 0 20px; min-height: 60px; }}

#welcomeScreen {{ background: {GREEN}; }}
#welcomeScreen QLabel {{ color: white; }}
#deskScreen[tone="amber"] {{ background: {AMBER}; }}
#deskScreen[tone="red"] {{ background: {RED}; }}
#deskScreen QLabel {{ color: white; }}
#deskScreen[tone="amber"] QLabel {{ color: {INK}; }}
#welcomeScreen QPushButton, #deskScreen QPushButton {{ background: white; color: {INK}; }}
"""
