<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AttendeeCard</name>
    <message>
        <location filename="../../ui/widgets.py" line="350"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="351"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="352"/>
        <source>Tariff</source>
        <translation>Тариф</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="353"/>
        <source>Payment</source>
        <translation>Оплата</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="354"/>
        <source>Check-ins</source>
        <translation>Отметки</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="355"/>
        <source>Badge</source>
        <translation>Бейдж</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="356"/>
        <source>Contact</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="357"/>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="369"/>
        <source>Check in (Enter)</source>
        <translation>Отметить (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="370"/>
        <source>Print badge (Ctrl+P)</source>
        <translation>Печать бейджа (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="371"/>
        <source>Correct…</source>
        <translation>Исправить…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="398"/>
        <source>No one selected</source>
        <translation>Никто не выбран</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="411"/>
        <source>registration cancelled</source>
        <translation>регистрация отменена</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="413"/>
        <source>due %1</source>
        <translation>к оплате %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="415"/>
        <source>paid %1</source>
        <translation>оплачено %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="418"/>
        <source>cash</source>
        <translation>наличные</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="419"/>
        <source>card</source>
        <translation>карта</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="420"/>
        <source>invoice</source>
        <translation>счёт</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="424"/>
        <source>free</source>
        <translation>бесплатно</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="427"/>
        <source>%1 at %2, desk %3</source>
        <translation>%1 в %2, стойка %3</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="433"/>
        <source>not yet</source>
        <translation>ещё нет</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets.py" line="437"/>
        <source>printed %n time(s), last %1 at desk %2</source>
        <translation>
            <numerusform>напечатан %n раз, последний — %1, стойка %2</numerusform>
            <numerusform>напечатан %n раза, последний — %1, стойка %2</numerusform>
            <numerusform>напечатан %n раз, последний — %1, стойка %2</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="442"/>
        <source>not printed</source>
        <translation>не печатался</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <location filename="../../ui/window.py" line="78"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="80"/>
        <source>Undo last (Ctrl+Z)</source>
        <translation>Отменить последнюю (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="82"/>
        <source>Import…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="84"/>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="87"/>
        <source>Attendees…</source>
        <translation>Участники…</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="88"/>
        <source>Check-ins…</source>
        <translation>Отметки…</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="103"/>
        <source>Day:</source>
        <translation>День:</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="114"/>
        <source>Scan a badge, or type a surname, phone digits or a code…</source>
        <translation>Сканируйте бейдж или введите фамилию, цифры телефона или код…</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="119"/>
        <source>New walk-in (Ctrl+N)</source>
        <translation>Новый участник (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="231"/>
        <source>%1 — registration desk %2</source>
        <translation>%1 — стойка регистрации %2</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="235"/>
        <source>desk %1</source>
        <translation>стойка %1</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="364"/>
        <source>Today (%1) is not this day</source>
        <translation>Сегодня (%1) — другой день</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/window.py" line="387"/>
        <source>%n found — ↑/↓ to choose, Enter to check in</source>
        <translation>
            <numerusform>Найден %n — ↑/↓ выбор, Enter — отметить</numerusform>
            <numerusform>Найдено %n — ↑/↓ выбор, Enter — отметить</numerusform>
            <numerusform>Найдено %n — ↑/↓ выбор, Enter — отметить</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="390"/>
        <source>Nobody found</source>
        <translation>Никого не нашлось</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="410"/>
        <source>%1: checked in %2 of %3 expected</source>
        <translation>%1: пришли %2 из %3</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="425"/>
        <source>Reprint the badge?</source>
        <translation>Напечатать бейдж ещё раз?</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="436"/>
        <source>Undo check-in</source>
        <translation>Отмена отметки</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="437"/>
        <source>Undo the check-in of %1 on %2? Reason:</source>
        <translation>Отменить отметку %1 за %2? Причина:</translation>
    </message>
</context>
<context>
    <name>EditAttendeeDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="371"/>
        <source>Correct the record</source>
        <translation>Исправить данные</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="374"/>
        <source>Surname</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="375"/>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="376"/>
        <source>Patronymic</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="377"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="378"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="379"/>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="380"/>
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
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/importing.py" line="39"/>
        <location filename="../../ui/importing.py" line="145"/>
        <source>Import registrations</source>
        <translation>Импорт заявок</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="41"/>
        <source>File: %1</source>
        <translation>Файл: %1</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="42"/>
        <location filename="../../ui/importing.py" line="84"/>
        <source>Checking the file…</source>
        <translation>Проверяю файл…</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="47"/>
        <source>Count everyone as paid when the file has no payment column</source>
        <translation>Считать всех оплатившими, если в файле нет столбца оплаты</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="52"/>
        <source>Line</source>
        <translation>Строка</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="52"/>
        <source>Why it is skipped</source>
        <translation>Почему пропущена</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="58"/>
        <source>Import</source>
        <translation>Импортировать</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="89"/>
        <source>New: %1, updated: %2, unchanged: %3, teams: %4, skipped rows: %5.</source>
        <translation>Новых: %1, обновлено: %2, без изменений: %3, команд: %4, пропущено строк: %5.</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="102"/>
        <source>%1 people already checked in or corrected at the desk stay as they are.</source>
        <translation>Уже отмеченные или исправленные на стойке (%1) останутся как есть.</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="104"/>
        <source>Nothing is written yet. </source>
        <translation>Пока ничего не записано. </translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="118"/>
        <source>The file could not be imported: %1</source>
        <translation>Файл не удалось импортировать: %1</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="134"/>
        <source>Imported. </source>
        <translation>Импорт выполнен. </translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="162"/>
        <location filename="../../ui/importing.py" line="174"/>
        <location filename="../../ui/importing.py" line="178"/>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <location filename="../../ui/importing.py" line="179"/>
        <source>Saved %1 rows to %2.

The file contains personal data of attendees (Russian law 152-FZ): store it safely and share it only with those who need it.</source>
        <translation>Сохранено строк: %1 → %2.

Файл содержит персональные данные участников (152-ФЗ): храните его надёжно и передавайте только тем, кому он нужен.</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <location filename="../../ui/widgets.py" line="201"/>
        <source>Ready</source>
        <translation>Готово к работе</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="203"/>
        <source>Scan a badge or type a surname, phone digits or a code, then press Enter.</source>
        <translation>Сканируйте бейдж или введите фамилию, цифры телефона или код и нажмите Enter.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="214"/>
        <source>Checked in: %1</source>
        <translation>Отмечен(а): %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="215"/>
        <source>Welcome! Entry on %1.</source>
        <translation>Добро пожаловать! Вход на %1.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="217"/>
        <source>Payment taken: %1</source>
        <translation>Принята оплата: %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="219"/>
        <source>Badge printing…</source>
        <translation>Бейдж печатается…</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="222"/>
        <source>Already checked in: %1</source>
        <translation>Уже отмечен(а): %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="225"/>
        <source>Came in at %1 at desk %2.</source>
        <translation>Пришёл(ла) в %1, стойка %2.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="230"/>
        <source>Not paid: %1</source>
        <translation>Не оплачено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="233"/>
        <source>Amount due: %1. Take the payment, then the person is checked in.</source>
        <translation>К оплате: %1. Примите оплату — и участник будет отмечен.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="239"/>
        <source>No access today: %1</source>
        <translation>Нет доступа сегодня: %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="243"/>
        <source>The tariff «%1» does not include %2. Sell an upgrade:</source>
        <translation>Тариф «%1» не включает %2. Предложите доплату:</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="251"/>
        <source>The tariff «%1» does not include %2.</source>
        <translation>Тариф «%1» не включает %2.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="256"/>
        <source>Registration cancelled: %1</source>
        <translation>Регистрация отменена: %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="257"/>
        <source>Send the person to the organisers.</source>
        <translation>Направьте участника к организаторам.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="259"/>
        <source>Unknown code</source>
        <translation>Код не найден</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="262"/>
        <source>No one has this code. Search by surname or phone, or register the person (Ctrl+N).</source>
        <translation>Такого кода нет. Найдите по фамилии или телефону или зарегистрируйте участника (Ctrl+N).</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="267"/>
        <source>%1 is not an event day</source>
        <translation>%1 — не день события</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="268"/>
        <source>Choose the day being served at the top.</source>
        <translation>Выберите день вверху окна.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="285"/>
        <source>Upgrade to «%1»: %2 to pay. How does the person pay?</source>
        <translation>Доплата до «%1»: %2. Как участник платит?</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="293"/>
        <source>Cash</source>
        <translation>Наличные</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="294"/>
        <source>Card</source>
        <translation>Карта</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="295"/>
        <source>Invoice</source>
        <translation>Счёт</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="318"/>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="319"/>
        <source>Attention</source>
        <translation>Внимание</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="320"/>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <location filename="../../ui/widgets.py" line="70"/>
        <source>Name</source>
        <translation>Участник</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="70"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="70"/>
        <source>Tariff</source>
        <translation>Тариф</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="70"/>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="95"/>
        <source>cancelled</source>
        <translation>отменена</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="98"/>
        <source>in at %1</source>
        <translation>пришёл(ла) в %1</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="100"/>
        <source>no access</source>
        <translation>нет доступа</translation>
    </message>
    <message>
        <location filename="../../ui/widgets.py" line="102"/>
        <source>unpaid</source>
        <translation>не оплачено</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="412"/>
        <source>Desk settings</source>
        <translation>Настройки стойки</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="426"/>
        <source>A system printer, or pdf:FOLDER to save each badge as a PDF file.</source>
        <translation>Системный принтер или pdf:ПАПКА — сохранять каждый бейдж в PDF.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="436"/>
        <source>Print the badge at the first check-in</source>
        <translation>Печатать бейдж при первой отметке</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="439"/>
        <source>Sounds</source>
        <translation>Звуки</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="447"/>
        <source>The language changes at the next start.</source>
        <translation>Язык сменится при следующем запуске.</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="450"/>
        <source>Desk name</source>
        <translation>Название стойки</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="451"/>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="452"/>
        <source>Printer</source>
        <translation>Принтер</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="454"/>
        <source>Badge layout</source>
        <translation>Макет бейджа</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="457"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <location filename="../../ui/dialogs.py" line="92"/>
        <source>New walk-in</source>
        <translation>Новый участник</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="99"/>
        <source>Surname*</source>
        <translation>Фамилия*</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="100"/>
        <source>First name*</source>
        <translation>Имя*</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="101"/>
        <source>Patronymic</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="102"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="103"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="104"/>
        <source>Phone*</source>
        <translation>Телефон*</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="105"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="123"/>
        <source>Tariff*</source>
        <translation>Тариф*</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="134"/>
        <source>People in the team (with the contact):</source>
        <translation>Человек в команде (вместе с контактным лицом):</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="149"/>
        <source>The person agrees to the processing of personal data (152-FZ)*</source>
        <translation>Участник согласен на обработку персональных данных (152-ФЗ)*</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="160"/>
        <source>Card</source>
        <translation>Карта</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="161"/>
        <source>Cash</source>
        <translation>Наличные</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="162"/>
        <source>Invoice</source>
        <translation>Счёт</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="163"/>
        <source>Not paid yet</source>
        <translation>Пока не оплачено</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="171"/>
        <source>Payment</source>
        <translation>Оплата</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="176"/>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="182"/>
        <source>Show that person</source>
        <translation>Показать этого участника</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="185"/>
        <source>Register anyway</source>
        <translation>Всё равно зарегистрировать</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="191"/>
        <source>Register, check in, print</source>
        <translation>Зарегистрировать, отметить, напечатать</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="242"/>
        <source>Surname</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="243"/>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="328"/>
        <source>already registered</source>
        <translation>уже зарегистрирован(а)</translation>
    </message>
    <message>
        <location filename="../../ui/dialogs.py" line="337"/>
        <source>Could not register: %1</source>
        <translation>Не удалось зарегистрировать: %1</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="92"/>
        <source>Cannot start the desk</source>
        <translation>Стойку не удалось запустить</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="115"/>
        <source>Something went wrong</source>
        <translation>Что-то пошло не так</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="116"/>
        <source>The desk hit an unexpected error and carries on. Details are in %1.</source>
        <translation>Стойка столкнулась с непредвиденной ошибкой и продолжает работу. Подробности — в %1.</translation>
    </message>
</context>
</TS>
