<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>AttendeeCard</name>
    <message>
        <location filename="../../ui/desk/widgets.py" line="367"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="368"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="369"/>
        <source>Tariff</source>
        <translation>Тариф</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="370"/>
        <source>Payment</source>
        <translation>Оплата</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="371"/>
        <source>Check-ins</source>
        <translation>Отметки</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="372"/>
        <source>Badge</source>
        <translation>Бейдж</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="373"/>
        <source>Contact</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="374"/>
        <source>Same contact</source>
        <translation>Тот же контакт</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="375"/>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="388"/>
        <source>Check in (Enter)</source>
        <translation>Отметить (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="389"/>
        <source>Print badge (Ctrl+P)</source>
        <translation>Печать бейджа (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="390"/>
        <source>Correct…</source>
        <translation>Исправить…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="391"/>
        <source>Surname ⇄ first name</source>
        <translation>Фамилия ⇄ имя</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="393"/>
        <source>Swap the surname and the first name (when the order was read wrong)</source>
        <translation>Поменять местами фамилию и имя (если порядок прочитан неверно)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="430"/>
        <source>No one selected</source>
        <translation>Никто не выбран</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="443"/>
        <source>registration cancelled</source>
        <translation>регистрация отменена</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="445"/>
        <source>due %1</source>
        <translation>к оплате %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="447"/>
        <source>paid %1</source>
        <translation>оплачено %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="450"/>
        <source>cash</source>
        <translation>наличные</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="451"/>
        <source>card</source>
        <translation>карта</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="452"/>
        <source>invoice</source>
        <translation>счёт</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="456"/>
        <source>free</source>
        <translation>бесплатно</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="459"/>
        <source>%1 at %2, desk %3</source>
        <translation>%1 в %2, стойка %3</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="465"/>
        <source>not yet</source>
        <translation>ещё нет</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/widgets.py" line="469"/>
        <source>printed %n time(s), last %1 at desk %2</source>
        <translation>
            <numerusform>напечатан %n раз, последний — %1, стойка %2</numerusform>
            <numerusform>напечатан %n раза, последний — %1, стойка %2</numerusform>
            <numerusform>напечатан %n раз, последний — %1, стойка %2</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="474"/>
        <source>not printed</source>
        <translation>не печатался</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="492"/>
        <source>same phone: %1 (%2)</source>
        <translation>тот же телефон: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="494"/>
        <source>same e-mail: %1 (%2)</source>
        <translation>тот же e-mail: %1 (%2)</translation>
    </message>
</context>
<context>
    <name>Camera</name>
    <message>
        <location filename="../../ui/common/camera.py" line="53"/>
        <source>The camera support could not load: %1</source>
        <translation>Камера недоступна: не загрузилась поддержка видео (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/common/camera.py" line="57"/>
        <source>No camera is connected</source>
        <translation>Камера не подключена</translation>
    </message>
</context>
<context>
    <name>ConfirmationScreen</name>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="512"/>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="519"/>
        <source>Thank you, %1! You are signed up.</source>
        <translation>Спасибо, %1! Вы зарегистрированы.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="523"/>
        <source>Please go to the registration desk to pay %1 and show this code. You will get your badge there.</source>
        <translation>Подойдите к стойке регистрации, чтобы оплатить %1, и покажите этот код. Там же вы получите бейдж.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="527"/>
        <source>The desk will print the badges of all %1 team members.</source>
        <translation>На стойке напечатают бейджи для всех участников команды (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="533"/>
        <location filename="../../ui/kiosk/screens.py" line="537"/>
        <source>You can take a photo of this code.</source>
        <translation>Этот код можно сфотографировать.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="534"/>
        <source>Your slip with this code is printing…</source>
        <translation>Печатается талон с этим кодом…</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="535"/>
        <source>Please take your slip from the printer.</source>
        <translation>Возьмите талон из принтера.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="540"/>
        <source>The slip did not print: you can take a photo of this code, or just tell the desk your name.</source>
        <translation>Талон не напечатался: сфотографируйте код или просто назовите на стойке свою фамилию.</translation>
    </message>
</context>
<context>
    <name>DeskScreen</name>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="432"/>
        <source>You are already checked in today. If you need a new badge, the registration desk will help.</source>
        <translation>Вы уже отмечены сегодня. Если нужен новый бейдж, вам помогут на стойке регистрации.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="436"/>
        <source>Your registration is not paid yet: %1 to pay. The registration desk takes cash and cards.</source>
        <translation>Регистрация ещё не оплачена: к оплате %1. На стойке регистрации принимают наличные и карты.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="440"/>
        <source>Your ticket does not include today. The registration desk can upgrade it.</source>
        <translation>Ваш билет не включает сегодняшний день. На стойке регистрации его можно расширить.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="442"/>
        <source>This registration was cancelled.</source>
        <translation>Эта регистрация отменена.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="443"/>
        <source>We could not find this code.</source>
        <translation>Мы не нашли такой код.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="444"/>
        <source>There is no event programme today.</source>
        <translation>Сегодня программы мероприятия нет.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="449"/>
        <source>Please go to the registration desk</source>
        <translation>Пожалуйста, подойдите к стойке регистрации</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="452"/>
        <source>%1, please go to the registration desk</source>
        <translation>%1, пожалуйста, подойдите к стойке регистрации</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <location filename="../../ui/desk/window.py" line="87"/>
        <source>Settings</source>
        <translation>Настройки</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="89"/>
        <source>Undo last (Ctrl+Z)</source>
        <translation>Отменить последнюю (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="91"/>
        <source>Import…</source>
        <translation>Импорт…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="93"/>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="96"/>
        <source>Attendees…</source>
        <translation>Участники…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="97"/>
        <source>Check-ins…</source>
        <translation>Отметки…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="112"/>
        <source>Day:</source>
        <translation>День:</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="123"/>
        <source>Scan a badge, or type a surname, phone digits or a code…</source>
        <translation>Сканируйте бейдж или введите фамилию, цифры телефона или код…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="128"/>
        <source>New walk-in (Ctrl+N)</source>
        <translation>Новый участник (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="245"/>
        <source>%1 — registration desk %2</source>
        <translation>%1 — стойка регистрации %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="249"/>
        <source>desk %1</source>
        <translation>стойка %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="389"/>
        <source>Today (%1) is not this day</source>
        <translation>Сегодня (%1) — другой день</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/window.py" line="412"/>
        <source>%n found — ↑/↓ to choose, Enter to check in</source>
        <translation>
            <numerusform>Найден %n — ↑/↓ выбор, Enter — отметить</numerusform>
            <numerusform>Найдено %n — ↑/↓ выбор, Enter — отметить</numerusform>
            <numerusform>Найдено %n — ↑/↓ выбор, Enter — отметить</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="415"/>
        <source>Nobody found</source>
        <translation>Никого не нашлось</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="439"/>
        <source>%1: checked in %2 of %3 expected</source>
        <translation>%1: пришли %2 из %3</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="454"/>
        <source>Reprint the badge?</source>
        <translation>Напечатать бейдж ещё раз?</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="465"/>
        <source>Undo check-in</source>
        <translation>Отмена отметки</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="466"/>
        <source>Undo the check-in of %1 on %2? Reason:</source>
        <translation>Отменить отметку %1 за %2? Причина:</translation>
    </message>
</context>
<context>
    <name>EditAttendeeDialog</name>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="353"/>
        <source>Correct the record</source>
        <translation>Исправить данные</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="356"/>
        <source>Surname</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="357"/>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="358"/>
        <source>Patronymic</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="359"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="360"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="361"/>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="362"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../ui/desk/first_start.py" line="17"/>
        <source>The database is empty</source>
        <translation>База данных пуста</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="21"/>
        <source>Nobody is registered for %1 yet. Import the registrations from the website&apos;s forms, or load demo attendees to try the desk out.</source>
        <translation>На «%1» ещё никто не зарегистрирован. Импортируйте заявки с сайта или загрузите демо-участников, чтобы попробовать стойку.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="26"/>
        <source>Import registrations from a file…</source>
        <translation>Импортировать заявки из файла…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="29"/>
        <source>Load %1 demo attendees</source>
        <translation>Загрузить %1 демо-участников</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="32"/>
        <source>Start with an empty database</source>
        <translation>Начать с пустой базы</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="48"/>
        <source>Loading demo attendees…</source>
        <translation>Загружаю демо-участников…</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="209"/>
        <source>Find your registration</source>
        <translation>Найдём вашу регистрацию</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="211"/>
        <source>Hold the QR code from your confirmation up to the scanner</source>
        <translation>Поднесите QR-код из подтверждения к сканеру</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="213"/>
        <source>…or type the phone number you registered with</source>
        <translation>…или введите телефон, указанный при регистрации</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="214"/>
        <source>Next</source>
        <translation>Далее</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="215"/>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/desk/importing.py" line="53"/>
        <location filename="../../ui/desk/importing.py" line="276"/>
        <source>Import registrations</source>
        <translation>Импорт заявок</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="55"/>
        <source>File: %1</source>
        <translation>Файл: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="56"/>
        <location filename="../../ui/desk/importing.py" line="127"/>
        <source>Checking the file…</source>
        <translation>Проверяю файл…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="61"/>
        <source>Count everyone as paid when the file has no payment column</source>
        <translation>Считать всех оплатившими, если в файле нет столбца оплаты</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="64"/>
        <source>Tariff for the rows that name none:</source>
        <translation>Тариф для строк, где он не указан:</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="68"/>
        <source>— choose a tariff —</source>
        <translation>— выберите тариф —</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="81"/>
        <location filename="../../ui/desk/importing.py" line="87"/>
        <source>Line</source>
        <translation>Строка</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="81"/>
        <source>Worth a look</source>
        <translation>Стоит проверить</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="87"/>
        <source>Why it is skipped</source>
        <translation>Почему пропущена</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="93"/>
        <source>Import</source>
        <translation>Импортировать</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="132"/>
        <source>New: %1, updated: %2, unchanged: %3, teams: %4, skipped rows: %5.</source>
        <translation>Новых: %1, обновлено: %2, без изменений: %3, команд: %4, пропущено строк: %5.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="141"/>
        <source>One phone or e-mail, different names: both kept: %1.</source>
        <translation>Один телефон или e-mail, разные имена — оставлены оба: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="147"/>
        <source>Matched by name (no phone or e-mail): %1.</source>
        <translation>Найдены по имени (нет ни телефона, ни e-mail): %1.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="154"/>
        <source>Name order guessed: %1. Check them; the card&apos;s button swaps surname and first name.</source>
        <translation>Порядок имени угадан: %1. Проверьте; кнопка на карточке меняет местами фамилию и имя.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="166"/>
        <source>One phone, different names: both kept: %1 and %2</source>
        <translation>Один телефон, разные имена — оставлены оба: %1 и %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="168"/>
        <source>One e-mail, different names: both kept: %1 and %2</source>
        <translation>Один e-mail, разные имена — оставлены оба: %1 и %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="180"/>
        <source>«%1»: read as surname %2, first name %3 (a guess)</source>
        <translation>«%1»: прочитано как фамилия %2, имя %3 (догадка)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/importing.py" line="189"/>
        <source>Tariff «%1» from the sheet&apos;s name «%2»: %n row(s)</source>
        <translation>
            <numerusform>Тариф «%1» по названию листа «%2»: %n строка</numerusform>
            <numerusform>Тариф «%1» по названию листа «%2»: %n строки</numerusform>
            <numerusform>Тариф «%1» по названию листа «%2»: %n строк</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/importing.py" line="191"/>
        <source>Tariff «%1» from the file&apos;s name «%2»: %n row(s)</source>
        <translation>
            <numerusform>Тариф «%1» по имени файла «%2»: %n строка</numerusform>
            <numerusform>Тариф «%1» по имени файла «%2»: %n строки</numerusform>
            <numerusform>Тариф «%1» по имени файла «%2»: %n строк</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/importing.py" line="193"/>
        <source>Tariff «%1» for rows that name none: %n row(s)</source>
        <translation>
            <numerusform>Тариф «%1» для строк без тарифа: %n строка</numerusform>
            <numerusform>Тариф «%1» для строк без тарифа: %n строки</numerusform>
            <numerusform>Тариф «%1» для строк без тарифа: %n строк</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="199"/>
        <source>Sheet «%1» skipped: %2</source>
        <translation>Лист «%1» пропущен: %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="223"/>
        <source>%1 people already checked in or corrected at the desk stay as they are.</source>
        <translation>Уже отмеченные или исправленные на стойке (%1) останутся как есть.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/importing.py" line="227"/>
        <source>%n row(s) name no tariff: choose one below to take them in.</source>
        <translation>
            <numerusform>В %n строке не указан тариф: выберите его ниже, чтобы принять её.</numerusform>
            <numerusform>В %n строках не указан тариф: выберите его ниже, чтобы принять их.</numerusform>
            <numerusform>В %n строках не указан тариф: выберите его ниже, чтобы принять их.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="234"/>
        <source>Nothing is written yet. </source>
        <translation>Пока ничего не записано. </translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="249"/>
        <source>The file could not be imported: %1</source>
        <translation>Файл не удалось импортировать: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="265"/>
        <source>Imported. </source>
        <translation>Импорт выполнен. </translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="293"/>
        <location filename="../../ui/desk/importing.py" line="305"/>
        <location filename="../../ui/desk/importing.py" line="309"/>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="310"/>
        <source>Saved %1 rows to %2.

The file contains personal data of attendees (Russian law 152-FZ): store it safely and share it only with those who need it.</source>
        <translation>Сохранено строк: %1 → %2.

Файл содержит персональные данные участников (152-ФЗ): храните его надёжно и передавайте только тем, кому он нужен.</translation>
    </message>
</context>
<context>
    <name>LettersScreen</name>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="287"/>
        <source>The first letters of your surname</source>
        <translation>Первые буквы фамилии</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="291"/>
        <source>Several people registered with this phone number. Type more letters of your own surname, or all of it.</source>
        <translation>На этот номер зарегистрировано несколько человек. Введите больше букв своей фамилии или всю фамилию.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="297"/>
        <source>To make sure it is you, type the first two or three letters.</source>
        <translation>Чтобы убедиться, что это вы, введите первые две-три буквы.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="299"/>
        <source>Surname</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="300"/>
        <source>Find me</source>
        <translation>Найти меня</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="301"/>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
</context>
<context>
    <name>NewPinDialog</name>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="216"/>
        <source>Staff PIN for the kiosk</source>
        <translation>PIN персонала для киоска</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="219"/>
        <source>Visitors will use this computer on their own. Choose a PIN of 4 to 12 digits: staff need it to change the kiosk&apos;s settings or to leave kiosk mode.</source>
        <translation>Посетители будут пользоваться этим компьютером сами. Придумайте PIN из 4–12 цифр: он понадобится персоналу, чтобы изменить настройки киоска или выйти из режима киоска.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="236"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="237"/>
        <source>Once more</source>
        <translation>Ещё раз</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="252"/>
        <source>The two PINs differ: type the same PIN twice</source>
        <translation>PIN не совпадают: введите один и тот же PIN дважды</translation>
    </message>
</context>
<context>
    <name>OutcomeScreen</name>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="341"/>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="70"/>
        <source>Staff PIN</source>
        <translation>PIN персонала</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="71"/>
        <source>Type the staff PIN to change settings or leave</source>
        <translation>Введите PIN персонала, чтобы изменить настройки или выйти</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="72"/>
        <source>OK</source>
        <translation>ОК</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="73"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <location filename="../../ui/desk/widgets.py" line="211"/>
        <source>Ready</source>
        <translation>Готово к работе</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="213"/>
        <source>Scan a badge or type a surname, phone digits or a code, then press Enter.</source>
        <translation>Сканируйте бейдж или введите фамилию, цифры телефона или код и нажмите Enter.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="224"/>
        <source>Checked in: %1</source>
        <translation>Отмечен(а): %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="225"/>
        <source>Welcome! Entry on %1.</source>
        <translation>Добро пожаловать! Вход на %1.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="227"/>
        <source>Payment taken: %1</source>
        <translation>Принята оплата: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="229"/>
        <source>Badge printing…</source>
        <translation>Бейдж печатается…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="232"/>
        <source>Already checked in: %1</source>
        <translation>Уже отмечен(а): %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="235"/>
        <source>Came in at %1 at desk %2.</source>
        <translation>Пришёл(ла) в %1, стойка %2.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="240"/>
        <source>Not paid: %1</source>
        <translation>Не оплачено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="243"/>
        <source>Amount due: %1. Take the payment, then the person is checked in.</source>
        <translation>К оплате: %1. Примите оплату — и участник будет отмечен.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="249"/>
        <source>No access today: %1</source>
        <translation>Нет доступа сегодня: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="253"/>
        <source>The tariff «%1» does not include %2. Sell an upgrade:</source>
        <translation>Тариф «%1» не включает %2. Предложите доплату:</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="261"/>
        <source>The tariff «%1» does not include %2.</source>
        <translation>Тариф «%1» не включает %2.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="266"/>
        <source>Registration cancelled: %1</source>
        <translation>Регистрация отменена: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="267"/>
        <source>Send the person to the organisers.</source>
        <translation>Направьте участника к организаторам.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="269"/>
        <source>Unknown code</source>
        <translation>Код не найден</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="272"/>
        <source>No one has this code. Search by surname or phone, or register the person (Ctrl+N).</source>
        <translation>Такого кода нет. Найдите по фамилии или телефону или зарегистрируйте участника (Ctrl+N).</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="277"/>
        <source>%1 is not an event day</source>
        <translation>%1 — не день события</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="278"/>
        <source>Choose the day being served at the top.</source>
        <translation>Выберите день вверху окна.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="298"/>
        <source>Upgrade to «%1»: %2 to pay. How does the person pay?</source>
        <translation>Доплата до «%1»: %2. Как участник платит?</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="306"/>
        <source>Cash</source>
        <translation>Наличные</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="307"/>
        <source>Card</source>
        <translation>Карта</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="308"/>
        <source>Invoice</source>
        <translation>Счёт</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="331"/>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="332"/>
        <source>Attention</source>
        <translation>Внимание</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="333"/>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <location filename="../../ui/desk/widgets.py" line="85"/>
        <source>Name</source>
        <translation>Участник</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="85"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="85"/>
        <source>Tariff</source>
        <translation>Тариф</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="85"/>
        <source>Today</source>
        <translation>Сегодня</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="117"/>
        <source>cancelled</source>
        <translation>отменена</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="120"/>
        <source>in at %1</source>
        <translation>пришёл(ла) в %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="122"/>
        <source>no access</source>
        <translation>нет доступа</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="124"/>
        <source>unpaid</source>
        <translation>не оплачено</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="394"/>
        <source>Desk settings</source>
        <translation>Настройки стойки</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="408"/>
        <source>A system printer, or pdf:FOLDER to save each badge as a PDF file.</source>
        <translation>Системный принтер или pdf:ПАПКА — сохранять каждый бейдж в PDF.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="418"/>
        <source>Print the badge at the first check-in</source>
        <translation>Печатать бейдж при первой отметке</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="421"/>
        <source>Sounds</source>
        <translation>Звуки</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="429"/>
        <source>Start as a self-service kiosk for visitors</source>
        <translation>Запускаться как киоск самообслуживания для посетителей</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="432"/>
        <source>The language changes at the next start.</source>
        <translation>Язык сменится при следующем запуске.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="435"/>
        <source>Desk name</source>
        <translation>Название стойки</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="436"/>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="437"/>
        <source>Printer</source>
        <translation>Принтер</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="439"/>
        <source>Badge layout</source>
        <translation>Макет бейджа</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="442"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
</context>
<context>
    <name>SignUpScreen</name>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="267"/>
        <source>training</source>
        <translation>тренинг</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="267"/>
        <source>conference</source>
        <translation>конференция</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="425"/>
        <source>Phone*</source>
        <translation>Телефон*</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="462"/>
        <source>Step %1 of %2</source>
        <translation>Шаг %1 из %2</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="332"/>
        <source>Choose a tariff</source>
        <translation>Выберите тариф</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="336"/>
        <source>Registration needs your consent to the processing of personal data</source>
        <translation>Для регистрации нужно согласие на обработку персональных данных</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="402"/>
        <source>%1 people</source>
        <translation>человек: %1</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="420"/>
        <location filename="../../ui/kiosk/signup.py" line="458"/>
        <source>Sign up</source>
        <translation>Зарегистрироваться</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="422"/>
        <source>Surname*</source>
        <translation>Фамилия*</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="423"/>
        <source>First name*</source>
        <translation>Имя*</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="424"/>
        <source>Patronymic</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="426"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="427"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="428"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="437"/>
        <source>%1 per person</source>
        <translation>%1 за участника</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="442"/>
        <source>How many people are in your team, you included?</source>
        <translation>Сколько человек в команде, включая вас?</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="444"/>
        <source>Names of the others (you may leave them empty: the desk will fill them in)</source>
        <translation>Фамилии и имена остальных (можно не заполнять — их впишут на стойке)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="446"/>
        <source>Surname</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="446"/>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="450"/>
        <source>I agree to the processing of my personal data</source>
        <translation>Я согласен(на) на обработку моих персональных данных</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="451"/>
        <source>To pay: %1</source>
        <translation>К оплате: %1</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="453"/>
        <source>You pay at the registration desk after signing up: cash or card.</source>
        <translation>Оплата — на стойке регистрации после записи: наличными или картой.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="455"/>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="456"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="457"/>
        <source>I have registered</source>
        <translation>Я зарегистрирован(а)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="458"/>
        <source>Next</source>
        <translation>Далее</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="153"/>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="195"/>
        <source>Kiosk settings</source>
        <translation>Настройки киоска</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="196"/>
        <source>Start over after this many seconds without a touch</source>
        <translation>Начинать заново после стольких секунд без касаний</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="197"/>
        <source>Printer (a system printer, or pdf:FOLDER)</source>
        <translation>Принтер (системный или pdf:ПАПКА)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="198"/>
        <source>Badge layout</source>
        <translation>Макет бейджа</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="199"/>
        <source>Print a slip with the QR code after a sign-up</source>
        <translation>Печатать талон с QR-кодом после записи</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="200"/>
        <source>Read QR codes with the camera too</source>
        <translation>Считывать QR-коды и камерой</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="203"/>
        <source>Start as a kiosk next time</source>
        <translation>В следующий раз запускаться как киоск</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="204"/>
        <source>Back to the kiosk</source>
        <translation>Вернуться в киоск</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="205"/>
        <source>Open the staff desk</source>
        <translation>Открыть стойку персонала</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="206"/>
        <source>Quit</source>
        <translation>Выйти</translation>
    </message>
</context>
<context>
    <name>StartScreen</name>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="124"/>
        <source>Welcome to %1</source>
        <translation>Добро пожаловать на «%1»</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="127"/>
        <source>I have registered</source>
        <translation>Я зарегистрирован(а)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="128"/>
        <source>Sign up</source>
        <translation>Зарегистрироваться</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="130"/>
        <source>Have a QR code? Just hold it up to the scanner at any time.</source>
        <translation>Есть QR-код? Просто поднесите его к сканеру в любой момент.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="132"/>
        <source>Staff</source>
        <translation>Персонал</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="95"/>
        <source>New walk-in</source>
        <translation>Новый участник</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="102"/>
        <source>Surname*</source>
        <translation>Фамилия*</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="103"/>
        <source>First name*</source>
        <translation>Имя*</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="104"/>
        <source>Patronymic</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="105"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="106"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="107"/>
        <source>Phone*</source>
        <translation>Телефон*</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="108"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="126"/>
        <source>Tariff*</source>
        <translation>Тариф*</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="137"/>
        <source>People in the team (with the contact):</source>
        <translation>Человек в команде (вместе с контактным лицом):</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="153"/>
        <source>The person agrees to the processing of personal data (152-FZ)*</source>
        <translation>Участник согласен на обработку персональных данных (152-ФЗ)*</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="164"/>
        <source>Card</source>
        <translation>Карта</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="165"/>
        <source>Cash</source>
        <translation>Наличные</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="166"/>
        <source>Invoice</source>
        <translation>Счёт</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="167"/>
        <source>Not paid yet</source>
        <translation>Пока не оплачено</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="175"/>
        <source>Payment</source>
        <translation>Оплата</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="180"/>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="186"/>
        <source>Show that person</source>
        <translation>Показать этого участника</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="189"/>
        <source>Register anyway</source>
        <translation>Всё равно зарегистрировать</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="195"/>
        <source>Register, check in, print</source>
        <translation>Зарегистрировать, отметить, напечатать</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="147"/>
        <source>Surname</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="147"/>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="310"/>
        <source>already registered</source>
        <translation>уже зарегистрирован(а)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="319"/>
        <source>Could not register: %1</source>
        <translation>Не удалось зарегистрировать: %1</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="370"/>
        <source>Welcome, %1!</source>
        <translation>Здравствуйте, %1!</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="372"/>
        <source>Welcome!</source>
        <translation>Здравствуйте!</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="373"/>
        <source>You are checked in for today.</source>
        <translation>Вы отмечены на сегодня.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="376"/>
        <source>Your badge is printing…</source>
        <translation>Ваш бейдж печатается…</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="377"/>
        <source>Please take your badge from the printer.</source>
        <translation>Возьмите бейдж из принтера.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="379"/>
        <source>Your badge was printed in advance: please collect it at the registration desk.</source>
        <translation>Ваш бейдж напечатан заранее: получите его на стойке регистрации.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="381"/>
        <source>Please collect your badge at the registration desk.</source>
        <translation>Бейдж можно получить на стойке регистрации.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="383"/>
        <source>Your badge still needs your name: the registration desk will print it — you are already checked in.</source>
        <translation>Для бейджа нужно ваше имя: его впишут и напечатают на стойке регистрации. Вы уже отмечены.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="387"/>
        <source>The badge did not print. Please collect it at the registration desk — you are already checked in.</source>
        <translation>Бейдж не напечатался. Получите его на стойке регистрации — вы уже отмечены.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="121"/>
        <source>Cannot start the desk</source>
        <translation>Стойку не удалось запустить</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="174"/>
        <source>Kiosk mode needs a staff PIN: set it when asked, or with `kiosk set-pin`.</source>
        <translation>Для режима киоска нужен PIN персонала: задайте его, когда программа спросит, или командой `kiosk set-pin`.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="206"/>
        <source>Something went wrong</source>
        <translation>Что-то пошло не так</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="207"/>
        <source>The desk hit an unexpected error and carries on. Details are in %1.</source>
        <translation>Стойка столкнулась с непредвиденной ошибкой и продолжает работу. Подробности — в %1.</translation>
    </message>
</context>
</TS>
