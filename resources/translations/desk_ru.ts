<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AttendeeCard</name>
    <message>
        <location filename="../../ui/widgets.py" line="331"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="332"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="333"/>
        <source>Tariff</source>
        <translation>Тариф</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="334"/>
        <source>Payment</source>
        <translation>Оплата</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="335"/>
        <source>Check-ins</source>
        <translation>Отметки</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="336"/>
        <source>Badge</source>
        <translation>Бейдж</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="337"/>
        <source>Contact</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="338"/>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="350"/>
        <source>Check in (Enter)</source>
        <translation>Отметить (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="351"/>
        <source>Print badge (Ctrl+P)</source>
        <translation>Печать бейджа (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="352"/>
        <source>Correct…</source>
        <translation>Исправить…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="379"/>
        <source>No one selected</source>
        <translation>Никто не выбран</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="392"/>
        <source>registration cancelled</source>
        <translation>регистрация отменена</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="394"/>
        <source>due %1</source>
        <translation>к оплате %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="396"/>
        <source>paid %1</source>
        <translation>оплачено %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="400"/>
        <source>free</source>
        <translation>бесплатно</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="403"/>
        <source>%1 at %2, desk %3</source>
        <translation>%1 в %2, стойка %3</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="409"/>
        <source>not yet</source>
        <translation>ещё нет</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets.py" line="413"/>
        <source>printed %n time(s), last %1 at desk %2</source>
        <translation>
            <numerusform>напечатан %n раз, последний — %1, стойка %2</numerusform>
            <numerusform>напечатан %n раза, последний — %1, стойка %2</numerusform>
            <numerusform>напечатан %n раз, последний — %1, стойка %2</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="418"/>
        <source>not printed</source>
        <translation>не печатался</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <location filename="../../ui/window.py" line="73"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="75"/>
        <source>Undo last (Ctrl+Z)</source>
        <translation>Отменить последнюю (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="85"/>
        <source>Day:</source>
        <translation>День:</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="94"/>
        <source>Scan a badge, or type a surname, phone digits or a code…</source>
        <translation>Сканируйте бейдж или введите фамилию, цифры телефона или код…</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="99"/>
        <source>New walk-in (Ctrl+N)</source>
        <translation>Новый участник (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="205"/>
        <source>%1 — registration desk %2</source>
        <translation>%1 — стойка регистрации %2</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="207"/>
        <source>desk %1</source>
        <translation>стойка %1</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="323"/>
        <source>Today (%1) is not this day</source>
        <translation>Сегодня (%1) — другой день</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/window.py" line="335"/>
        <source>%n found — ↑/↓ to choose, Enter to check in</source>
        <translation>
            <numerusform>Найден %n — ↑/↓ выбор, Enter — отметить</numerusform>
            <numerusform>Найдено %n — ↑/↓ выбор, Enter — отметить</numerusform>
            <numerusform>Найдено %n — ↑/↓ выбор, Enter — отметить</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="338"/>
        <source>Nobody found</source>
        <translation>Никого не нашлось</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="358"/>
        <source>%1: checked in %2 of %3 expected</source>
        <translation>%1: пришли %2 из %3</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="372"/>
        <source>Reprint the badge?</source>
        <translation>Напечатать бейдж ещё раз?</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="382"/>
        <source>Undo check-in</source>
        <translation>Отмена отметки</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="383"/>
        <source>Undo the check-in of %1 on %2? Reason:</source>
        <translation>Отменить отметку %1 за %2? Причина:</translation>
    </message>
</context>
<context>
    <name>EditAttendeeDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="359"/>
        <source>Correct the record</source>
        <translation>Исправить данные</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="362"/>
        <source>Surname</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="363"/>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="364"/>
        <source>Patronymic</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="365"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="366"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="367"/>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="368"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../ui/first_start.py" line="17"/>
        <source>The database is empty</source>
        <translation>База данных пуста</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="21"/>
        <source>Nobody is registered for %1 yet. Import the registrations from the website&apos;s forms, or load demo attendees to try the desk out.</source>
        <translation>На «%1» ещё никто не зарегистрирован. Импортируйте заявки с сайта или загрузите демо-участников, чтобы попробовать стойку.</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="26"/>
        <source>Import registrations from a file…</source>
        <translation>Импортировать заявки из файла…</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="29"/>
        <source>Load %1 demo attendees</source>
        <translation>Загрузить %1 демо-участников</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="32"/>
        <source>Start with an empty database</source>
        <translation>Начать с пустой базы</translation>
    </message>
    <message>
        <location filename="../../ui/first_start.py" line="48"/>
        <source>Loading demo attendees…</source>
        <translation>Загружаю демо-участников…</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <location filename="../../ui/widgets.py" line="198"/>
        <source>Ready</source>
        <translation>Готово к работе</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="200"/>
        <source>Scan a badge or type a surname, phone digits or a code, then press Enter.</source>
        <translation>Сканируйте бейдж или введите фамилию, цифры телефона или код и нажмите Enter.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="211"/>
        <source>Checked in: %1</source>
        <translation>Отмечен(а): %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="212"/>
        <source>Welcome! Entry on %1.</source>
        <translation>Добро пожаловать! Вход на %1.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="214"/>
        <source>Payment taken: %1</source>
        <translation>Принята оплата: %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="216"/>
        <source>Badge printing…</source>
        <translation>Бейдж печатается…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="219"/>
        <source>Already checked in: %1</source>
        <translation>Уже отмечен(а): %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="222"/>
        <source>Came in at %1 at desk %2.</source>
        <translation>Пришёл(ла) в %1, стойка %2.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="227"/>
        <source>Not paid: %1</source>
        <translation>Не оплачено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="229"/>
        <source>Amount due: %1. Take the payment, then the person is checked in.</source>
        <translation>К оплате: %1. Примите оплату — и участник будет отмечен.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="235"/>
        <source>No access today: %1</source>
        <translation>Нет доступа сегодня: %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="239"/>
        <source>The tariff «%1» does not include %2. Sell an upgrade:</source>
        <translation>Тариф «%1» не включает %2. Предложите доплату:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="256"/>
        <source>The tariff «%1» does not include %2.</source>
        <translation>Тариф «%1» не включает %2.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="261"/>
        <source>Registration cancelled: %1</source>
        <translation>Регистрация отменена: %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="262"/>
        <source>Send the person to the organisers.</source>
        <translation>Направьте участника к организаторам.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="264"/>
        <source>Unknown code</source>
        <translation>Код не найден</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="266"/>
        <source>No one has this code. Search by surname or phone, or register the person (Ctrl+N).</source>
        <translation>Такого кода нет. Найдите по фамилии или телефону или зарегистрируйте участника (Ctrl+N).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="270"/>
        <source>%1 is not an event day</source>
        <translation>%1 — не день события</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="271"/>
        <source>Choose the day being served at the top.</source>
        <translation>Выберите день вверху окна.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="275"/>
        <source>How does the person pay?</source>
        <translation>Как участник платит?</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="280"/>
        <source>Cash</source>
        <translation>Наличные</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="281"/>
        <source>Card</source>
        <translation>Карта</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="282"/>
        <source>Invoice</source>
        <translation>Счёт</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="303"/>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="303"/>
        <source>Attention</source>
        <translation>Внимание</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="304"/>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <location filename="../../ui/widgets.py" line="68"/>
        <source>Name</source>
        <translation>Участник</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="68"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="68"/>
        <source>Tariff</source>
        <translation>Тариф</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="68"/>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="93"/>
        <source>cancelled</source>
        <translation>отменена</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="96"/>
        <source>in at %1</source>
        <translation>пришёл(ла) в %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="98"/>
        <source>no access</source>
        <translation>нет доступа</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="100"/>
        <source>unpaid</source>
        <translation>не оплачено</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="400"/>
        <source>Desk settings</source>
        <translation>Настройки стойки</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="414"/>
        <source>A system printer, or pdf:FOLDER to save each badge as a PDF file.</source>
        <translation>Системный принтер или pdf:ПАПКА — сохранять каждый бейдж в PDF.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="424"/>
        <source>Print the badge at the first check-in</source>
        <translation>Печатать бейдж при первой отметке</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="427"/>
        <source>Sounds</source>
        <translation>Звуки</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="435"/>
        <source>The language changes at the next start.</source>
        <translation>Язык сменится при следующем запуске.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="438"/>
        <source>Desk name</source>
        <translation>Название стойки</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="439"/>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="440"/>
        <source>Printer</source>
        <translation>Принтер</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="442"/>
        <source>Badge layout</source>
        <translation>Макет бейджа</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="445"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="85"/>
        <source>New walk-in</source>
        <translation>Новый участник</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="92"/>
        <source>Surname*</source>
        <translation>Фамилия*</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="93"/>
        <source>First name*</source>
        <translation>Имя*</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="94"/>
        <source>Patronymic</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="95"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="96"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="97"/>
        <source>Phone*</source>
        <translation>Телефон*</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="98"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="116"/>
        <source>Tariff*</source>
        <translation>Тариф*</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="127"/>
        <source>People in the team (with the contact):</source>
        <translation>Человек в команде (вместе с контактным лицом):</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="142"/>
        <source>The person agrees to the processing of personal data (152-FZ)*</source>
        <translation>Участник согласен на обработку персональных данных (152-ФЗ)*</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="153"/>
        <source>Card</source>
        <translation>Карта</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="154"/>
        <source>Cash</source>
        <translation>Наличные</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="155"/>
        <source>Invoice</source>
        <translation>Счёт</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="156"/>
        <source>Not paid yet</source>
        <translation>Пока не оплачено</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="164"/>
        <source>Payment</source>
        <translation>Оплата</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="169"/>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="175"/>
        <source>Show that person</source>
        <translation>Показать этого участника</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="178"/>
        <source>Register anyway</source>
        <translation>Всё равно зарегистрировать</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="184"/>
        <source>Register, check in, print</source>
        <translation>Зарегистрировать, отметить, напечатать</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="235"/>
        <source>Surname</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="236"/>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="317"/>
        <source>already registered</source>
        <translation>уже зарегистрирован(а)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="325"/>
        <source>Could not register: %1</source>
        <translation>Не удалось зарегистрировать: %1</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="80"/>
        <source>Cannot start the desk</source>
        <translation>Стойку не удалось запустить</translation>
    </message>
</context>
</TS>
