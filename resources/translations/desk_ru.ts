<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>ArrivalsChart</name>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="284"/>
        <source>per %1 min</source>
        <translation>за %1 мин</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="287"/>
        <source>in all</source>
        <translation>всего</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="294"/>
        <source>Arrived per %1 minutes</source>
        <translation>Пришли за %1 минут</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="298"/>
        <source>Arrived in all</source>
        <translation>Всего пришли</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="327"/>
        <source>Nobody has arrived yet</source>
        <translation>Пока никто не пришёл</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="359"/>
        <source>Programme start %1</source>
        <translation>Начало программы %1</translation>
    </message>
</context>
<context>
    <name>AttendeeCard</name>
    <message>
        <location filename="../../ui/desk/widgets.py" line="703"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="704"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="705"/>
        <source>Tariff</source>
        <translation>Тариф</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="706"/>
        <source>Payment</source>
        <translation>Оплата</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="707"/>
        <source>Paid twice</source>
        <translation>Оплачено дважды</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="708"/>
        <source>Check-ins</source>
        <translation>Отметки</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="709"/>
        <source>Badge</source>
        <translation>Бейдж</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="710"/>
        <source>Contact</source>
        <translation>Контакты</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="711"/>
        <source>Same contact</source>
        <translation>Тот же контакт</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="712"/>
        <source>Changed at two desks</source>
        <translation>Изменено на двух стойках</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="713"/>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="730"/>
        <source>Check in (Enter)</source>
        <translation>Отметить (Enter)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="731"/>
        <source>Print badge (Ctrl+P)</source>
        <translation>Печать бейджа (Ctrl+P)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="732"/>
        <source>Correct…</source>
        <translation>Исправить…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="733"/>
        <source>Erase data…</source>
        <translation>Удалить данные…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="735"/>
        <source>Erase this person&apos;s personal data on their request (152-FZ, GDPR)</source>
        <translation>Удалить персональные данные человека по его просьбе (152-ФЗ, GDPR)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="737"/>
        <source>Surname ⇄ first name</source>
        <translation>Фамилия ⇄ имя</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="739"/>
        <source>Swap the surname and the first name (when the order was read wrong)</source>
        <translation>Поменять местами фамилию и имя (если порядок прочитан неверно)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="862"/>
        <source>No one selected</source>
        <translation>Никто не выбран</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="818"/>
        <source>%1: entered afterwards</source>
        <translation>%1: внесено позже</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="820"/>
        <source>%1 at %2 (entered afterwards)</source>
        <translation>%1 в %2 (внесено позже)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="822"/>
        <source>%1 at %2</source>
        <translation>%1 в %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="836"/>
        <source>out of date: name, company or tariff changed since</source>
        <translation>устарел: с тех пор изменились имя, компания или тариф</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="879"/>
        <source>counts: %1</source>
        <translation>засчитано: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="891"/>
        <source>to refund: %1</source>
        <translation>вернуть: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="903"/>
        <source>refunded: %1 (given back %2)</source>
        <translation>возвращено: %1 (вернули %2)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="941"/>
        <source>same phone: %1 (%2)</source>
        <translation>тот же телефон: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="943"/>
        <source>same e-mail: %1 (%2)</source>
        <translation>тот же e-mail: %1 (%2)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="825"/>
        <source>not yet</source>
        <translation>ещё нет</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="830"/>
        <source>printed %1, last %2</source>
        <translation>напечатан %1, последний раз %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="839"/>
        <source>not printed</source>
        <translation>не печатался</translation>
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
        <location filename="../../ui/kiosk/screens.py" line="569"/>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="576"/>
        <source>Thank you, %1! You are signed up.</source>
        <translation>Спасибо, %1! Вы зарегистрированы.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="580"/>
        <source>Please go to the registration desk to pay %1 and show this code. You will get your badge there.</source>
        <translation>Подойдите к стойке регистрации, чтобы оплатить %1, и покажите этот код. Там же вы получите бейдж.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/kiosk/screens.py" line="585"/>
        <source>The desk will print the badges of all %n team members.</source>
        <translation>
            <numerusform>На стойке напечатают бейджи всей команды: %n человек.</numerusform>
            <numerusform>На стойке напечатают бейджи всей команды: %n человека.</numerusform>
            <numerusform>На стойке напечатают бейджи всей команды: %n человек.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="590"/>
        <location filename="../../ui/kiosk/screens.py" line="594"/>
        <source>You can take a photo of this code.</source>
        <translation>Этот код можно сфотографировать.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="591"/>
        <source>Your slip with this code is printing…</source>
        <translation>Печатается талон с этим кодом…</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="592"/>
        <source>Please take your slip from the printer.</source>
        <translation>Возьмите талон из принтера.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="597"/>
        <source>The slip did not print: you can take a photo of this code, or just tell the desk your name.</source>
        <translation>Талон не напечатался: сфотографируйте код или просто назовите на стойке свою фамилию.</translation>
    </message>
</context>
<context>
    <name>DeskHoursChart</name>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="432"/>
        <source>No arrivals with a time yet</source>
        <translation>Пока нет приходов со временем</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="434"/>
        <source>People per hour per desk</source>
        <translation>Человек в час по стойкам</translation>
    </message>
</context>
<context>
    <name>DeskNameDialog</name>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="382"/>
        <source>Another name for this desk</source>
        <translation>Другое имя для этой стойки</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="396"/>
        <source>This laptop replaces that desk (it is not connected)</source>
        <translation>Этот ноутбук заменяет ту стойку (она не на связи)</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="426"/>
        <source>That was the hub&apos;s join code: this desk is joining that hub already. Type a name for the desk.</source>
        <translation>Это был код подключения к хабу: стойка уже подключается к этому хабу. Введите имя стойки.</translation>
    </message>
</context>
<context>
    <name>DeskScreen</name>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="476"/>
        <source>You are already checked in today. If you need a new badge, the registration desk will help.</source>
        <translation>Вы уже отмечены сегодня. Если нужен новый бейдж, вам помогут на стойке регистрации.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="480"/>
        <source>Your registration is not paid yet: %1 to pay. The registration desk takes cash and cards.</source>
        <translation>Регистрация ещё не оплачена: к оплате %1. На стойке регистрации принимают наличные и карты.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="484"/>
        <source>Your ticket is for %1. The registration desk can add today to it.</source>
        <translation>Ваш билет — на %1. На стойке регистрации к нему можно добавить сегодняшний день.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="486"/>
        <source>This registration was cancelled.</source>
        <translation>Эта регистрация отменена.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="487"/>
        <source>We could not find this code.</source>
        <translation>Мы не нашли такой код.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="488"/>
        <source>There is no event programme today.</source>
        <translation>Сегодня программы мероприятия нет.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="489"/>
        <source>This code no longer works.</source>
        <translation>Этот код больше не действует.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="494"/>
        <source>Please go to the registration desk</source>
        <translation>Пожалуйста, подойдите к стойке регистрации</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="496"/>
        <source>This is not a registration code</source>
        <translation>Это не код регистрации</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="499"/>
        <source>Hold up the QR code from your confirmation e-mail or your badge — or type your phone number.</source>
        <translation>Поднесите QR-код из письма-подтверждения или с бейджа — или наберите свой номер телефона.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="507"/>
        <source>%1, please go to the registration desk</source>
        <translation>%1, пожалуйста, подойдите к стойке регистрации</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <location filename="../../ui/desk/window.py" line="141"/>
        <source>Arrived at:</source>
        <translation>Пришёл(ла) в:</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="149"/>
        <source>Entering arrivals afterwards: the time they came, if known. Left empty, the arrival time stays unknown — none is made up.</source>
        <translation>Внесение прихода задним числом: время, когда человек пришёл, если оно известно. Если оставить пустым, время прихода останется неизвестным — никакое не придумывается.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="156"/>
        <source>Back to the kiosk</source>
        <translation>Вернуться в режим киоска</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="159"/>
        <source>Close the desk and turn this laptop into the self-service kiosk again</source>
        <translation>Закрыть стойку и снова сделать этот ноутбук киоском самообслуживания</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="129"/>
        <source>training</source>
        <translation>тренинг</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="129"/>
        <source>conference</source>
        <translation>конференция</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="145"/>
        <source>hh:mm</source>
        <translation>чч:мм</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="153"/>
        <source>Undo (Ctrl+Z)</source>
        <translation>Отменить (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="155"/>
        <source>Undo the last check-in made at this desk</source>
        <translation>Отменить последнюю отметку, сделанную на этой стойке</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="162"/>
        <source>Summary (Ctrl+D)</source>
        <translation>Сводка (Ctrl+D)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="166"/>
        <source>Menu</source>
        <translation>Меню</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="169"/>
        <source>Day report…</source>
        <translation>Отчёт за день…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="170"/>
        <source>Paper list…</source>
        <translation>Бумажный список…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="171"/>
        <source>Enter a paper list…</source>
        <translation>Внести список…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="172"/>
        <source>Who is missing → Excel…</source>
        <translation>Кто не пришёл → Excel…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="174"/>
        <source>Import registrations…</source>
        <translation>Импорт регистраций…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="175"/>
        <source>Export attendees…</source>
        <translation>Выгрузить участников…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="176"/>
        <source>Export check-ins…</source>
        <translation>Выгрузить отметки…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="178"/>
        <source>Sync with the hub now</source>
        <translation>Синхронизировать с хабом</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="181"/>
        <source>Desk settings…</source>
        <translation>Настройки стойки…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="191"/>
        <source>Day:</source>
        <translation>День:</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="204"/>
        <source>Scan a badge, or type a surname, phone digits or a code…</source>
        <translation>Сканируйте бейдж или введите фамилию, цифры телефона или код…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="209"/>
        <source>New walk-in (Ctrl+N)</source>
        <translation>Новый участник (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="296"/>
        <source>Erase the data now…</source>
        <translation>Удалить данные сейчас…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="298"/>
        <source>Later</source>
        <translation>Позже</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="394"/>
        <source>Syncing with the hub…</source>
        <translation>Синхронизация с хабом…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="435"/>
        <source>Registration desk — %1 · %2</source>
        <translation>Стойка регистрации — %1 · %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="444"/>
        <source>desk %1</source>
        <translation>стойка %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="581"/>
        <source>The desk keeps its name: %1</source>
        <translation>Стойка оставила прежнее имя: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="695"/>
        <source>The arrival time «%1» is not a time: write it as 10:40.</source>
        <translation>Время прихода «%1» — не время: напишите, например, 10:40.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="730"/>
        <source>Today (%1) is not this day</source>
        <translation>Сегодня (%1) — другой день</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/window.py" line="765"/>
        <source>%n found — ↑/↓ to choose, Enter to check in</source>
        <translation>
            <numerusform>Найден %n — ↑/↓ выбор, Enter — отметить</numerusform>
            <numerusform>Найдено %n — ↑/↓ выбор, Enter — отметить</numerusform>
            <numerusform>Найдено %n — ↑/↓ выбор, Enter — отметить</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/window.py" line="769"/>
        <source>%n found — choose with ↑/↓, then Enter</source>
        <translation>
            <numerusform>Найден %n — выберите ↑/↓, затем Enter</numerusform>
            <numerusform>Найдено %n — выберите ↑/↓, затем Enter</numerusform>
            <numerusform>Найдено %n — выберите ↑/↓, затем Enter</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="772"/>
        <source>Nobody found</source>
        <translation>Никого не нашлось</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="861"/>
        <source>%1: checked in %2 of %3 expected</source>
        <translation>%1: пришли %2 из %3</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="873"/>
        <source>Badge printing…</source>
        <translation>Бейдж печатается…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="874"/>
        <source>Badge printed.</source>
        <translation>Бейдж напечатан.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="875"/>
        <source>The badge did not print: %1</source>
        <translation>Бейдж не напечатан: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="887"/>
        <source>Reprint the badge?</source>
        <translation>Напечатать бейдж ещё раз?</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="888"/>
        <source>Print the new badge?</source>
        <translation>Напечатать новый бейдж?</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="889"/>
        <source>A badge without a name?</source>
        <translation>Бейдж без имени?</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="890"/>
        <source>A badge for someone who has not paid?</source>
        <translation>Бейдж без оплаты?</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="919"/>
        <source>Entering arrivals for %1 afterwards: check-ins are recorded for that day as entered afterwards, with the arrival time if you give it.</source>
        <translation>Внесение прихода за %1 задним числом: отметки записываются за этот день как внесённые позже, со временем прихода, если вы его укажете.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="939"/>
        <source>The event ended on %1, and the %2-day period for keeping the attendees&apos; personal data has passed. Export the figures you need, then erase the data here or with: %3</source>
        <translation>Событие закончилось %1, и срок хранения персональных данных участников (%2 дн.) истёк. Выгрузите нужные цифры, затем удалите данные здесь или командой: %3</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="958"/>
        <source>Erase the personal data</source>
        <translation>Удаление персональных данных</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="960"/>
        <source>Erase the names, contacts, companies and positions of everyone still on file? Check-ins, payments and the figures stay. This cannot be undone.</source>
        <translation>Удалить имена, контакты, компании и должности всех участников? Отметки, оплаты и цифры останутся. Отменить это нельзя.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="973"/>
        <source>Personal data erased (attendees: %1). Check-ins, payments and figures stay.</source>
        <translation>Персональные данные удалены (участников: %1). Отметки, оплаты и цифры остались.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="1038"/>
        <source>A hub&apos;s join code was scanned: join it in Menu → Desk settings.</source>
        <translation>Отсканирован код подключения к хабу: подключитесь в Меню → Настройки стойки.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="1049"/>
        <source>Join the hub?</source>
        <translation>Подключиться к хабу?</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="1051"/>
        <source>That is a hub&apos;s join code. Join this hub, so this desk works on the hub&apos;s data with the other desks?</source>
        <translation>Это код подключения к хабу. Подключить стойку к этому хабу, чтобы она работала с общими данными вместе с другими стойками?</translation>
    </message>
    <message>
        <location filename="../../ui/desk/window.py" line="1074"/>
        <source>Not sent to the hub yet</source>
        <translation>Ещё не отправлено на хаб</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/window.py" line="1076"/>
        <source>%n action(s) made without the hub (check-ins, payments, walk-ins, badges, corrections) have not reached it yet. They are kept on this laptop and sent at the next start (or by «kiosk sync»), but other desks do not see them until then. Close anyway?</source>
        <translation>
            <numerusform>%n действие, сделанное без хаба (отметки, оплаты, новые участники, бейджи, исправления), ещё не дошло до него. Оно сохранено на этом ноутбуке и уйдёт при следующем запуске (или командой «kiosk sync»), но другие стойки до тех пор его не видят. Всё равно закрыть?</numerusform>
            <numerusform>%n действия, сделанные без хаба (отметки, оплаты, новые участники, бейджи, исправления), ещё не дошли до него. Они сохранены на этом ноутбуке и уйдут при следующем запуске (или командой «kiosk sync»), но другие стойки до тех пор их не видят. Всё равно закрыть?</numerusform>
            <numerusform>%n действий, сделанных без хаба (отметки, оплаты, новые участники, бейджи, исправления), ещё не дошли до него. Они сохранены на этом ноутбуке и уйдут при следующем запуске (или командой «kiosk sync»), но другие стойки до тех пор их не видят. Всё равно закрыть?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>DesksDialog</name>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="228"/>
        <source>last action %1</source>
        <translation>последнее действие %1</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="236"/>
        <source>connected</source>
        <translation>на связи</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="237"/>
        <source>not connected</source>
        <translation>не на связи</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="246"/>
        <source>Desks of the hub</source>
        <translation>Стойки хаба</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="250"/>
        <source>Desk</source>
        <translation>Стойка</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="250"/>
        <source>Connection</source>
        <translation>Связь</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="250"/>
        <source>Last seen</source>
        <translation>Последний раз на связи</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="250"/>
        <source>Last action</source>
        <translation>Последнее действие</translation>
    </message>
</context>
<context>
    <name>EditAttendeeDialog</name>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="719"/>
        <source>Correct the record</source>
        <translation>Исправить данные</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="722"/>
        <source>Surname</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="723"/>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="724"/>
        <source>Patronymic</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="725"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="726"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="727"/>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="728"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <location filename="../../ui/desk/first_start.py" line="30"/>
        <source>The database is empty</source>
        <translation>База данных пуста</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="34"/>
        <source>Nobody is registered for %1 yet. Import the registrations from the website&apos;s forms, or load demo attendees to try the desk out.</source>
        <translation>На «%1» ещё никто не зарегистрирован. Импортируйте заявки с сайта или загрузите демо-участников, чтобы попробовать стойку.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="44"/>
        <source>If other desks already work on a hub, join it: the people are there.</source>
        <translation>Если другие стойки уже работают с хабом, присоединитесь к нему: участники там.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="46"/>
        <source>Join a hub (scan or paste its code)…</source>
        <translation>Присоединиться к хабу (отсканировать или вставить код)…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="51"/>
        <source>Import registrations from a file…</source>
        <translation>Импортировать заявки из файла…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="54"/>
        <source>Load %1 demo attendees</source>
        <translation>Загрузить %1 демо-участников</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="57"/>
        <source>Start with an empty database</source>
        <translation>Начать с пустой базы</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="93"/>
        <source>Loading demo attendees…</source>
        <translation>Загружаю демо-участников…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="108"/>
        <source>Scan the QR code on the hub&apos;s screen with the scanner, or paste its code.</source>
        <translation>Отсканируйте сканером QR-код с экрана хаба или вставьте его код.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="125"/>
        <source>Joining the hub…</source>
        <translation>Подключение к хабу…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/first_start.py" line="131"/>
        <source>Cancelled</source>
        <translation>Отменено</translation>
    </message>
</context>
<context>
    <name>ForgetDialog</name>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="664"/>
        <source>Erase personal data</source>
        <translation>Удаление персональных данных</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="668"/>
        <source>Erase the personal data of %1 (%2) on their request? The name, contacts, company and position are erased, also from the change log; payments and check-ins stay in the totals, and the badge stops working. This cannot be undone.</source>
        <translation>Удалить персональные данные: %1 (%2) — по просьбе человека? Имя, контакты, компания и должность будут удалены, в том числе из журнала изменений; оплаты и отметки останутся в итогах, бейдж перестанет действовать. Отменить это нельзя.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="680"/>
        <source>e.g. e-mail request of 01.12 (no names)</source>
        <translation>например: письмо от 01.12 (без имён)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="682"/>
        <source>Reason</source>
        <translation>Основание</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="685"/>
        <source>Erase data</source>
        <translation>Удалить данные</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="149"/>
        <source>Close the form?</source>
        <translation>Закрыть форму?</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="150"/>
        <source>What you typed will be lost.</source>
        <translation>Всё введённое будет потеряно.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="152"/>
        <source>Close without saving</source>
        <translation>Закрыть без сохранения</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="156"/>
        <source>Back to the form</source>
        <translation>Вернуться к форме</translation>
    </message>
</context>
<context>
    <name>HubSection</name>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="652"/>
        <source>Several desks: the hub</source>
        <translation>Несколько стоек: хаб</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="653"/>
        <source>This laptop is the hub</source>
        <translation>Этот ноутбук — хаб</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="656"/>
        <source>Show the QR</source>
        <translation>Показать QR</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="662"/>
        <source>Join</source>
        <translation>Подключиться</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="665"/>
        <source>Leave the hub</source>
        <translation>Отключиться от хаба</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="675"/>
        <source>Join a hub:</source>
        <translation>Подключиться к хабу:</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="705"/>
        <source>Hub %1 · code %2</source>
        <translation>Хаб %1 · код %2</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="708"/>
        <source>not reachable</source>
        <translation>нет связи</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="711"/>
        <source>Database: %1</source>
        <translation>База данных: %1</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="713"/>
        <source>This desk works on its own database on this laptop.</source>
        <translation>Стойка работает со своей базой на этом ноутбуке.</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="739"/>
        <source>Starting the hub…</source>
        <translation>Запуск хаба…</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="754"/>
        <source>Move this laptop&apos;s data to the hub?</source>
        <translation>Перенести данные этого ноутбука на хаб?</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/common/hub_widgets.py" line="756"/>
        <source>This laptop&apos;s database has %n attendee(s). Move them, with their check-ins, payments and badges, onto the hub, so every desk sees them?</source>
        <translation>
            <numerusform>В базе этого ноутбука %n участник. Перенести их с отметками, оплатами и бейджами на хаб, чтобы их видели все стойки?</numerusform>
            <numerusform>В базе этого ноутбука %n участника. Перенести их с отметками, оплатами и бейджами на хаб, чтобы их видели все стойки?</numerusform>
            <numerusform>В базе этого ноутбука %n участников. Перенести их с отметками, оплатами и бейджами на хаб, чтобы их видели все стойки?</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="771"/>
        <source>The hub is running; this desk joins it…</source>
        <translation>Хаб работает; стойка подключается к нему…</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="775"/>
        <source>This laptop is the hub. Show its QR to the other desks.</source>
        <translation>Этот ноутбук — хаб. Покажите его QR-код другим стойкам.</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="783"/>
        <location filename="../../ui/common/hub_widgets.py" line="856"/>
        <source>Cancelled</source>
        <translation>Отменено</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="804"/>
        <source>Stop the hub?</source>
        <translation>Остановить хаб?</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="806"/>
        <source>Every desk joined to this hub loses its connection, and this desk goes back to its own database on this laptop. Stop the hub?</source>
        <translation>Все стойки, подключённые к этому хабу, потеряют связь, а эта стойка вернётся к своей базе на этом ноутбуке. Остановить хаб?</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="821"/>
        <source>The hub has stopped.</source>
        <translation>Хаб остановлен.</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="846"/>
        <source>Joining the hub…</source>
        <translation>Подключение к хабу…</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="851"/>
        <source>This desk now works on the hub.</source>
        <translation>Стойка теперь работает через хаб.</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="868"/>
        <source>Leave the hub?</source>
        <translation>Отключиться от хаба?</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="870"/>
        <source>This desk will work on its own database on this laptop again: it will not see the other desks&apos; check-ins. Leave the hub?</source>
        <translation>Стойка снова будет работать со своей базой на этом ноутбуке и не увидит отметок других стоек. Отключиться от хаба?</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="882"/>
        <source>This desk works on its own database again.</source>
        <translation>Стойка снова работает со своей базой.</translation>
    </message>
</context>
<context>
    <name>HubStatus</name>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="127"/>
        <source>clock %1 min off the hub</source>
        <translation>часы расходятся с хабом на %1 мин</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="135"/>
        <location filename="../../ui/common/hub_widgets.py" line="604"/>
        <source>Starting the hub…</source>
        <translation>Запуск хаба…</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="142"/>
        <source>offline · %1 queued (refused scans: %2) · data as of %3</source>
        <translation>офлайн · %1 в очереди (из них отказов на входе: %2) · данные от %3</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="148"/>
        <source>offline · %1 queued · data as of %2</source>
        <translation>офлайн · %1 в очереди · данные от %2</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="154"/>
        <source>No connection to the database — check-ins are not accepted</source>
        <translation>Нет связи с базой данных — отметки не принимаются</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="155"/>
        <source>No connection to the hub — check-ins are not accepted</source>
        <translation>Нет связи с хабом — отметки не принимаются</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="158"/>
        <source>Data: this laptop</source>
        <translation>Данные: на этом ноутбуке</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="160"/>
        <source>Database: %1</source>
        <translation>База данных: %1</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="163"/>
        <source>%1 (--db) · this desk&apos;s hub is not used this time</source>
        <translation>%1 (--db) · хаб этой стойки на этот раз не используется</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="168"/>
        <source>Hub: connecting…</source>
        <translation>Хаб: подключение…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/common/hub_widgets.py" line="171"/>
        <source>%n desk(s)</source>
        <translation>
            <numerusform>%n стойка</numerusform>
            <numerusform>%n стойки</numerusform>
            <numerusform>%n стоек</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/common/hub_widgets.py" line="173"/>
        <source>%n kiosk(s)</source>
        <translation>
            <numerusform>%n киоск</numerusform>
            <numerusform>%n киоска</numerusform>
            <numerusform>%n киосков</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="174"/>
        <source>%1 online</source>
        <translation>%1 на связи</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="177"/>
        <source>Hub running on this laptop · %1 · %2</source>
        <translation>Хаб работает на этом ноутбуке · %1 · %2</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="181"/>
        <source>Hub: %1 · %2</source>
        <translation>Хаб: %1 · %2</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="190"/>
        <source>Working on this desk&apos;s copy of the hub: check-ins are queued and sent when the hub is back. Click to sync now.</source>
        <translation>Стойка работает по своей копии данных хаба: отметки ждут в очереди и уйдут на хаб, когда он вернётся. Нажмите, чтобы синхронизировать сейчас.</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="197"/>
        <source>Refused scans are queued too, only for the hub to record them: nobody was let in by them.</source>
        <translation>Отказы на входе тоже стоят в очереди, только чтобы хаб их учёл: по ним никто не прошёл.</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="202"/>
        <source>The database file: %1</source>
        <translation>Файл базы данных: %1</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="204"/>
        <source>Where: %1</source>
        <translation>Где: %1</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="208"/>
        <source>The settings keep this desk&apos;s hub: started without --db, the desk goes back to it.</source>
        <translation>Хаб этой стойки остаётся в настройках: без --db стойка вернётся к нему.</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="558"/>
        <source>The hub does not answer: opening this laptop&apos;s copy of the event…</source>
        <translation>Хаб не отвечает: открываю копию события на этом ноутбуке…</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="566"/>
        <source>Working without the hub</source>
        <translation>Работа без хаба</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="607"/>
        <source>This laptop is the hub</source>
        <translation>Этот ноутбук — хаб</translation>
    </message>
</context>
<context>
    <name>IdentifyScreen</name>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="225"/>
        <source>Find your registration</source>
        <translation>Найдём вашу регистрацию</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="227"/>
        <source>Hold the QR code from your confirmation up to the scanner</source>
        <translation>Поднесите QR-код из подтверждения к сканеру</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="229"/>
        <source>…or type the phone number you registered with</source>
        <translation>…или введите телефон, указанный при регистрации</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="230"/>
        <source>Next</source>
        <translation>Далее</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="231"/>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <location filename="../../ui/desk/importing.py" line="73"/>
        <location filename="../../ui/desk/importing.py" line="490"/>
        <source>Import registrations</source>
        <translation>Импорт заявок</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="75"/>
        <source>File: %1</source>
        <translation>Файл: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="76"/>
        <location filename="../../ui/desk/importing.py" line="158"/>
        <source>Checking the file…</source>
        <translation>Проверяю файл…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="81"/>
        <source>Count everyone as paid when the file has no payment column</source>
        <translation>Считать всех оплатившими, если в файле нет столбца оплаты</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="84"/>
        <source>Tariff for the rows that name none:</source>
        <translation>Тариф для строк, где он не указан:</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="88"/>
        <source>— choose a tariff —</source>
        <translation>— выберите тариф —</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="101"/>
        <location filename="../../ui/desk/importing.py" line="107"/>
        <source>Line</source>
        <translation>Строка</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="101"/>
        <source>Worth a look</source>
        <translation>Стоит проверить</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="107"/>
        <source>Why it is skipped</source>
        <translation>Почему пропущена</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="122"/>
        <source>Import</source>
        <translation>Импортировать</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="214"/>
        <source>Stopping the import; nothing will be written…</source>
        <translation>Импорт останавливается, ничего не будет записано…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="225"/>
        <source>Reading the file…</source>
        <translation>Чтение файла…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="226"/>
        <source>Reading the people already on file…</source>
        <translation>Чтение тех, кто уже есть в базе…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="220"/>
        <source>Matching rows with the people on file: %1 of %2</source>
        <translation>Сверка строк с людьми в базе: %1 из %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="205"/>
        <source>Stopping the import: what it wrote is taken away: %1 of %2</source>
        <translation>Импорт останавливается, написанное убирается: %1 из %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="208"/>
        <source>Another desk changed what the file is about: what was written is taken away (%1 of %2), then the import starts again</source>
        <translation>Другая стойка изменила данные тех, о ком файл: написанное убирается (%1 из %2), потом импорт начнётся заново</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="218"/>
        <source>Reading the people already on file: %1 of %2</source>
        <translation>Чтение тех, кто уже есть в базе: %1 из %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="222"/>
        <source>Writing the new people, seen by nobody yet: %1 of %2</source>
        <translation>Запись новых людей (пока их никто не видит): %1 из %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="227"/>
        <source>Matching rows with the people on file…</source>
        <translation>Сверка строк с людьми в базе…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="228"/>
        <source>Writing the new people…</source>
        <translation>Запись новых людей…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="229"/>
        <source>Almost done: everyone is shown at once…</source>
        <translation>Почти готово: все появятся разом…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="231"/>
        <source>Another desk changed what the file is about: the import starts again…</source>
        <translation>Другая стойка изменила данные тех, о ком файл: импорт начинается заново…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="238"/>
        <source>New: %1, updated: %2, unchanged: %3, teams: %4, skipped rows: %5.</source>
        <translation>Новых: %1, обновлено: %2, без изменений: %3, команд: %4, пропущено строк: %5.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="247"/>
        <source>New people with the teams&apos; seats (named at the desk): %1.</source>
        <translation>Новых людей вместе с местами команд (имена — на стойке): %1.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="253"/>
        <source>Seats added to teams that grew: %1.</source>
        <translation>Добавлено мест в командах, которые стали больше: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="259"/>
        <source>One phone or e-mail, different names: both kept: %1.</source>
        <translation>Один телефон или e-mail, разные имена — оставлены оба: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="266"/>
        <source>Already on file, kept their own tariff (the chosen one is for new people only): %1.</source>
        <translation>Уже в базе, тариф оставлен свой (выбранный — только для новых): %1.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="272"/>
        <source>Sent before the rows already taken, changed nothing: %1.</source>
        <translation>Заявки старше уже взятых — ничего не изменили: %1.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="278"/>
        <source>Matched by name (no phone or e-mail): %1.</source>
        <translation>Найдены по имени (нет ни телефона, ни e-mail): %1.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="285"/>
        <source>Name order guessed: %1. Check them; the card&apos;s button swaps surname and first name.</source>
        <translation>Порядок имени угадан: %1. Проверьте; кнопка на карточке меняет местами фамилию и имя.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="297"/>
        <source>One phone, different names: both kept: %1 and %2</source>
        <translation>Один телефон, разные имена — оставлены оба: %1 и %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="299"/>
        <source>One e-mail, different names: both kept: %1 and %2</source>
        <translation>Один e-mail, разные имена — оставлены оба: %1 и %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="312"/>
        <source>%1: the file gives a team of %2, it has %3 seats (%4 arrived): no seat removed, decide at the desk</source>
        <translation>%1: в файле команда из %2, а мест %3 (пришли: %4) — места не удалены, решите на стойке</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="325"/>
        <source>«%1»: read as surname %2, first name %3 (a guess)</source>
        <translation>«%1»: прочитано как фамилия %2, имя %3 (догадка)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/importing.py" line="334"/>
        <source>Tariff «%1» from the sheet&apos;s name «%2»: %n row(s)</source>
        <translation>
            <numerusform>Тариф «%1» по названию листа «%2»: %n строка</numerusform>
            <numerusform>Тариф «%1» по названию листа «%2»: %n строки</numerusform>
            <numerusform>Тариф «%1» по названию листа «%2»: %n строк</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/importing.py" line="336"/>
        <source>Tariff «%1» from the file&apos;s name «%2»: %n row(s)</source>
        <translation>
            <numerusform>Тариф «%1» по имени файла «%2»: %n строка</numerusform>
            <numerusform>Тариф «%1» по имени файла «%2»: %n строки</numerusform>
            <numerusform>Тариф «%1» по имени файла «%2»: %n строк</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/importing.py" line="338"/>
        <source>Tariff «%1» for rows that name none: %n row(s)</source>
        <translation>
            <numerusform>Тариф «%1» для строк без тарифа: %n строка</numerusform>
            <numerusform>Тариф «%1» для строк без тарифа: %n строки</numerusform>
            <numerusform>Тариф «%1» для строк без тарифа: %n строк</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="344"/>
        <source>Sheet «%1» skipped: %2</source>
        <translation>Лист «%1» пропущен: %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/importing.py" line="370"/>
        <source>%n people already checked in or corrected at the desk stay as they are.</source>
        <translation>
            <numerusform>%n человек уже отмечен или исправлен на стойке — он останется как есть.</numerusform>
            <numerusform>%n человека уже отмечены или исправлены на стойке — они останутся как есть.</numerusform>
            <numerusform>%n человек уже отмечены или исправлены на стойке — они останутся как есть.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="376"/>
        <source>%1 rows are about people who asked for their data to be erased: skipped.</source>
        <translation>Строк о людях, попросивших удалить их данные: %1 — пропущены.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/importing.py" line="380"/>
        <source>%n row(s) name no tariff: choose one below to take them in.</source>
        <translation>
            <numerusform>В %n строке не указан тариф: выберите его ниже, чтобы принять её.</numerusform>
            <numerusform>В %n строках не указан тариф: выберите его ниже, чтобы принять их.</numerusform>
            <numerusform>В %n строках не указан тариф: выберите его ниже, чтобы принять их.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="387"/>
        <source>Nothing is written yet. </source>
        <translation>Пока ничего не записано. </translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="402"/>
        <source>The import was stopped: nothing was written.</source>
        <translation>Импорт остановлен, ничего не записано.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="409"/>
        <source>The file could not be imported: %1</source>
        <translation>Файл не удалось импортировать: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="216"/>
        <source>Almost done: the import can no longer be stopped.</source>
        <translation>Почти готово: импорт уже нельзя остановить.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="468"/>
        <source>Imported. </source>
        <translation>Импорт выполнен. </translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="477"/>
        <source>Close</source>
        <translation>Закрыть</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="507"/>
        <location filename="../../ui/desk/importing.py" line="519"/>
        <location filename="../../ui/desk/importing.py" line="523"/>
        <source>Export</source>
        <translation>Экспорт</translation>
    </message>
    <message>
        <location filename="../../ui/desk/importing.py" line="524"/>
        <source>Saved %1 rows to %2.

The file contains personal data of attendees (Russian law 152-FZ): store it safely and share it only with those who need it.</source>
        <translation>Сохранено строк: %1 → %2.

Файл содержит персональные данные участников (152-ФЗ): храните его надёжно и передавайте только тем, кому он нужен.</translation>
    </message>
</context>
<context>
    <name>JoinCodeWindow</name>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="290"/>
        <source>Join code of the hub</source>
        <translation>Код подключения к хабу</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="293"/>
        <source>Scan this code at every desk: Menu → Desk settings → Join a hub (a kiosk: its staff screen). Keep it private: it holds the desks&apos; password.</source>
        <translation>Отсканируйте этот код на каждой стойке: Меню → Настройки стойки → Подключиться к хабу (киоск — на экране персонала). Не показывайте его посторонним: в нём пароль стоек.</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="303"/>
        <source>Hub %1 · code %2</source>
        <translation>Хаб %1 · код %2</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="308"/>
        <source>Copy the code</source>
        <translation>Скопировать код</translation>
    </message>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="323"/>
        <source>Copied</source>
        <translation>Скопировано</translation>
    </message>
</context>
<context>
    <name>JoinField</name>
    <message>
        <location filename="../../ui/common/hub_widgets.py" line="340"/>
        <source>Scan or paste the hub&apos;s code (HUB1-…)</source>
        <translation>Отсканируйте или вставьте код хаба (HUB1-…)</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../ui/kiosk/window.py" line="253"/>
        <source>This kiosk now works on the hub.</source>
        <translation>Киоск теперь работает через хаб.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="257"/>
        <source>Cancelled</source>
        <translation>Отменено</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="260"/>
        <source>Joining the hub…</source>
        <translation>Подключение к хабу…</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/window.py" line="501"/>
        <source>Not sent to the hub yet</source>
        <translation>Ещё не отправлено на хаб</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/kiosk/window.py" line="503"/>
        <source>%n action(s) this kiosk took without the hub have not reached it yet. They are kept on this laptop and sent at the next start, but the desks do not see them until then. Quit anyway?</source>
        <translation>
            <numerusform>%n действие, сделанное киоском без хаба, ещё не дошло до него. Оно сохранено на этом ноутбуке и уйдёт при следующем запуске, но стойки до тех пор его не видят. Всё равно выйти?</numerusform>
            <numerusform>%n действия, сделанные киоском без хаба, ещё не дошли до него. Они сохранены на этом ноутбуке и уйдут при следующем запуске, но стойки до тех пор их не видят. Всё равно выйти?</numerusform>
            <numerusform>%n действий, сделанных киоском без хаба, ещё не дошли до него. Они сохранены на этом ноутбуке и уйдут при следующем запуске, но стойки до тех пор их не видят. Всё равно выйти?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LettersScreen</name>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="307"/>
        <source>The first letters of your surname</source>
        <translation>Первые буквы фамилии</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="311"/>
        <source>Several people registered with this phone number. Type more letters of your own surname, or all of it.</source>
        <translation>На этот номер зарегистрировано несколько человек. Введите больше букв своей фамилии или всю фамилию.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="317"/>
        <source>To make sure it is you, type the first two or three letters.</source>
        <translation>Чтобы убедиться, что это вы, введите первые две-три буквы.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="319"/>
        <source>Surname</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="320"/>
        <source>Find me</source>
        <translation>Найти меня</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="321"/>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
</context>
<context>
    <name>NewPinDialog</name>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="321"/>
        <source>Staff PIN for the kiosk</source>
        <translation>PIN персонала для киоска</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="323"/>
        <source>Choose a PIN of at least 6 digits (not one digit repeated, not digits in a row, no repeat like 121212, no year or date), or a passphrase of at least 10 characters with letters.</source>
        <translation>Выберите PIN не короче 6 цифр (не одна цифра, не цифры подряд, не повтор вроде 121212, не год и не дата) или фразу не короче 10 символов с буквами.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="329"/>
        <source>The staff PIN is of an older, too easily guessed kind, and must be replaced before anything else.</source>
        <translation>PIN сотрудника — старого, слишком легко подбираемого вида; его нужно заменить, прежде чем продолжить.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="334"/>
        <source>Visitors will use this computer on their own: staff need the PIN to change the kiosk&apos;s settings or to leave kiosk mode.</source>
        <translation>Посетители будут пользоваться этим компьютером сами: PIN нужен сотрудникам, чтобы менять настройки киоска или выйти из режима киоска.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="351"/>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="352"/>
        <source>Once more</source>
        <translation>Ещё раз</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="367"/>
        <source>The two PINs differ: type the same PIN twice</source>
        <translation>PIN не совпадают: введите один и тот же PIN дважды</translation>
    </message>
</context>
<context>
    <name>Organiser</name>
    <message>
        <location filename="../../ui/desk/organiser.py" line="64"/>
        <source>Day report</source>
        <translation>Отчёт за день</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="72"/>
        <source>Writing the day report…</source>
        <translation>Готовлю отчёт за день…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="75"/>
        <source>Day report saved: %1</source>
        <translation>Отчёт за день сохранён: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="82"/>
        <source>Nobody was expected on that day: the report is all zeros.</source>
        <translation>В этот день никого не ждали: в отчёте одни нули.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="168"/>
        <source>Paper list</source>
        <translation>Бумажный список</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="176"/>
        <source>Writing the paper list…</source>
        <translation>Готовлю бумажный список…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="181"/>
        <source>Paper list saved: %1 — but nobody is on it: check the day and the tariff.</source>
        <translation>Бумажный список сохранён: %1 — но в нём никого нет: проверьте день и тариф.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="189"/>
        <source>Paper list saved: %1 (%2 people). It holds personal data: destroy the printout after the event.</source>
        <translation>Бумажный список сохранён: %1 (человек: %2). В нём персональные данные: после события уничтожьте распечатку.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="208"/>
        <source>Who is missing</source>
        <translation>Кто не пришёл</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="219"/>
        <source>Saved %1 rows to %2. The file holds personal data: share it with care.</source>
        <translation>Сохранено строк: %1 → %2. В файле персональные данные: передавайте осторожно.</translation>
    </message>
</context>
<context>
    <name>OutcomeScreen</name>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="361"/>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
</context>
<context>
    <name>PaperListDialog</name>
    <message>
        <location filename="../../ui/desk/organiser.py" line="103"/>
        <source>Paper list</source>
        <translation>Бумажный список</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="108"/>
        <source>Everyone expected, alphabetically, with the badge code, company, tariff, payment and a box to tick per day. Print it the evening before: if every laptop fails, the desk works with a pen.</source>
        <translation>Все, кого ждём, по алфавиту: код бейджа, компания, тариф, оплата и клетка на каждый день. Напечатайте накануне вечером: если откажут все ноутбуки, стойка работает с ручкой.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="116"/>
        <source>Every day</source>
        <translation>Все дни</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="125"/>
        <source>Everyone</source>
        <translation>Все</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="135"/>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="136"/>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="139"/>
        <source>Save as PDF…</source>
        <translation>Сохранить в PDF…</translation>
    </message>
</context>
<context>
    <name>PaperListEntryDialog</name>
    <message>
        <location filename="../../ui/desk/organiser.py" line="243"/>
        <source>Enter a paper list</source>
        <translation>Внести бумажный список</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="249"/>
        <source>Scan or type the codes ticked on the paper list (Enter after each), or take them from a text file with one code a line. They are recorded as entered afterwards; someone already checked in is not counted twice.</source>
        <translation>Отсканируйте или наберите коды, отмеченные в бумажном списке (Enter после каждого), или возьмите их из текстового файла, по коду в строке. Отметки записываются как внесённые позже; уже отмеченный не считается дважды.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="258"/>
        <source>Scan or type a badge code</source>
        <translation>Отсканируйте или наберите код бейджа</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="262"/>
        <source>From a file…</source>
        <translation>Из файла…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="265"/>
        <source>Paste</source>
        <translation>Вставить</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="277"/>
        <source>Remove the chosen code</source>
        <translation>Убрать выбранный код</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="292"/>
        <source>hh:mm, if known</source>
        <translation>чч:мм, если известно</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="295"/>
        <source>e.g. the laptops failed 09:10–09:40</source>
        <translation>например, ноутбуки не работали 09:10–09:40</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="298"/>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="299"/>
        <source>Arrived at</source>
        <translation>Пришли в</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="300"/>
        <source>Reason</source>
        <translation>Причина</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="307"/>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="307"/>
        <source>Outcome</source>
        <translation>Итог</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="307"/>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="315"/>
        <source>Record the check-ins</source>
        <translation>Записать отметки</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="373"/>
        <source>A file of badge codes</source>
        <translation>Файл с кодами бейджей</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="375"/>
        <source>Text (*.txt *.csv);;All files (*)</source>
        <translation>Текст (*.txt *.csv);;Все файлы (*)</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/organiser.py" line="390"/>
        <source>Record %n check-in(s)</source>
        <translation>
            <numerusform>Записать %n отметку</numerusform>
            <numerusform>Записать %n отметки</numerusform>
            <numerusform>Записать %n отметок</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="415"/>
        <source>Add the codes from the paper list first.</source>
        <translation>Сначала добавьте коды с бумажного списка.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="418"/>
        <source>Write the time as 09:40, or leave it empty.</source>
        <translation>Напишите время как 09:40 или оставьте пустым.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="421"/>
        <source>Write why the check-ins are entered afterwards.</source>
        <translation>Напишите, почему отметки вносятся позже.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="424"/>
        <source>No event day has begun yet.</source>
        <translation>Ни один день события ещё не начался.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="432"/>
        <source>Recording…</source>
        <translation>Записываю…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/organiser.py" line="453"/>
        <source>Recorded: %1, already checked in: %2, refused: %3.</source>
        <translation>Внесено: %1, уже были отмечены: %2, отказ: %3.</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="87"/>
        <source>Staff PIN</source>
        <translation>PIN персонала</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="88"/>
        <source>Type the staff PIN to change settings or leave</source>
        <translation>Введите PIN персонала, чтобы изменить настройки или выйти</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="89"/>
        <source>OK</source>
        <translation>ОК</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="90"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="92"/>
        <source>Digits</source>
        <translation>Цифры</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="92"/>
        <source>Letters</source>
        <translation>Буквы</translation>
    </message>
</context>
<context>
    <name>PlainIcons</name>
    <message>
        <location filename="../../ui/common/files.py" line="41"/>
        <source>Folder</source>
        <translation>Папка</translation>
    </message>
    <message>
        <location filename="../../ui/common/files.py" line="43"/>
        <source>File</source>
        <translation>Файл</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <location filename="../../ui/common/qt_texts.py" line="12"/>
        <source>&amp;Look in:</source>
        <translation>&amp;Папка:</translation>
    </message>
    <message>
        <location filename="../../ui/common/qt_texts.py" line="13"/>
        <source>Files of &amp;type:</source>
        <translation>&amp;Типы файлов:</translation>
    </message>
</context>
<context>
    <name>ResultPanel</name>
    <message>
        <location filename="../../ui/desk/widgets.py" line="354"/>
        <source>Ready</source>
        <translation>Готово к работе</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="356"/>
        <source>Scan a badge or type a surname, phone digits or a code, then press Enter.</source>
        <translation>Сканируйте бейдж или введите фамилию, цифры телефона или код и нажмите Enter.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="380"/>
        <source>Checked in: %1</source>
        <translation>Отмечен(а): %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="384"/>
        <source>Entered afterwards for %1; the arrival time is not known.</source>
        <translation>Внесено задним числом за %1; время прихода неизвестно.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="389"/>
        <source>Entered afterwards for %1: arrived at %2.</source>
        <translation>Внесено задним числом за %1: пришёл(ла) в %2.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="394"/>
        <source>Welcome! Entry on %1.</source>
        <translation>Добро пожаловать! Вход на %1.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="400"/>
        <source>Payment taken: %1</source>
        <translation>Принята оплата: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="406"/>
        <source>Already checked in: %1</source>
        <translation>Уже отмечен(а): %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="409"/>
        <source>Entered afterwards for %1</source>
        <translation>Внесено задним числом за %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="411"/>
        <source>Came in on %1 at %2</source>
        <translation>Пришёл(ла) %1 в %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="419"/>
        <source>Not paid: %1</source>
        <translation>Не оплачено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="422"/>
        <source>Amount due: %1. Take the payment, then the person is checked in.</source>
        <translation>К оплате: %1. Примите оплату — и участник будет отмечен.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="397"/>
        <source>Invoice issued for %1</source>
        <translation>Выставлен счёт на %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="429"/>
        <source>No access on %1: %2</source>
        <translation>Нет доступа на %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="433"/>
        <source>The ticket «%1» is for %2.</source>
        <translation>Билет «%1» — на %2.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="438"/>
        <source>Sell an upgrade:</source>
        <translation>Продайте доплату:</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="444"/>
        <source>Registration cancelled: %1</source>
        <translation>Регистрация отменена: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="445"/>
        <source>Send the person to the organisers.</source>
        <translation>Направьте участника к организаторам.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="447"/>
        <source>Unknown code</source>
        <translation>Код не найден</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="450"/>
        <source>No one has this code. Search by surname or phone, or register the person (Ctrl+N).</source>
        <translation>Такого кода нет. Найдите по фамилии или телефону или зарегистрируйте участника (Ctrl+N).</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="455"/>
        <source>%1 is not an event day</source>
        <translation>%1 — не день события</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="456"/>
        <source>Choose the day being served at the top.</source>
        <translation>Выберите день вверху окна.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="458"/>
        <source>This code no longer works</source>
        <translation>Этот код больше не действует</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="461"/>
        <source>This person&apos;s data was erased on their request. Send them to the organiser.</source>
        <translation>Данные этого человека удалены по его просьбе. Направьте его к организатору.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="480"/>
        <source>Corrected: %1</source>
        <translation>Исправлено: %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="495"/>
        <source>No badge yet: Ctrl+P prints it.</source>
        <translation>Бейджа ещё нет: Ctrl+P — напечатать.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="497"/>
        <source>The badge was printed in advance: hand it over.</source>
        <translation>Бейдж напечатан заранее — выдайте его.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="501"/>
        <source>The badge is out of date (%1).</source>
        <translation>Бейдж устарел (%1).</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="502"/>
        <source>The badge is out of date (%1): Ctrl+P prints the new one.</source>
        <translation>Бейдж устарел (%1): Ctrl+P — напечатать новый.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="507"/>
        <source>An unnamed team seat: write the name in («Correct…»), then print the badge.</source>
        <translation>Место в команде без имени: впишите имя («Исправить…»), затем печатайте бейдж.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="537"/>
        <source>Upgrade to «%1»: %2 to pay. How does the person pay?</source>
        <translation>Доплата до «%1»: %2. Как участник платит?</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="545"/>
        <source>Cash</source>
        <translation>Наличные</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="546"/>
        <source>Card</source>
        <translation>Карта</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="547"/>
        <source>Invoice</source>
        <translation>Счёт</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="572"/>
        <source>Done</source>
        <translation>Готово</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="573"/>
        <source>Attention</source>
        <translation>Внимание</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="574"/>
        <source>Error</source>
        <translation>Ошибка</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <location filename="../../ui/desk/widgets.py" line="107"/>
        <source>Name</source>
        <translation>Участник</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="107"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="107"/>
        <source>Tariff</source>
        <translation>Тариф</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="106"/>
        <source>On %1</source>
        <translation>На %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="156"/>
        <location filename="../../ui/desk/widgets.py" line="181"/>
        <source>cancelled</source>
        <translation>отменена</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="154"/>
        <location filename="../../ui/desk/widgets.py" line="184"/>
        <source>in at %1</source>
        <translation>пришёл(ла) в %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="157"/>
        <location filename="../../ui/desk/widgets.py" line="186"/>
        <source>no access</source>
        <translation>нет доступа</translation>
    </message>
    <message>
        <location filename="../../ui/desk/widgets.py" line="158"/>
        <location filename="../../ui/desk/widgets.py" line="188"/>
        <source>unpaid</source>
        <translation>не оплачено</translation>
    </message>
</context>
<context>
    <name>ScanNotice</name>
    <message>
        <location filename="../../ui/desk/widgets.py" line="589"/>
        <source>Scan (this form is unchanged): %1</source>
        <translation>Скан (эта форма не изменилась): %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="837"/>
        <source>Desk settings</source>
        <translation>Настройки стойки</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="854"/>
        <source>A system printer, or pdf:FOLDER to save each badge as a PDF file.</source>
        <translation>Системный принтер или pdf:ПАПКА — сохранять каждый бейдж в PDF.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="864"/>
        <source>Print the badge at the first check-in</source>
        <translation>Печатать бейдж при первой отметке</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="867"/>
        <source>Sounds</source>
        <translation>Звуки</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="875"/>
        <source>Start as a self-service kiosk for visitors</source>
        <translation>Запускаться как киоск самообслуживания для посетителей</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="878"/>
        <source>The language changes at the next start.</source>
        <translation>Язык сменится при следующем запуске.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="881"/>
        <source>Desk name</source>
        <translation>Название стойки</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="882"/>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="883"/>
        <source>Printer</source>
        <translation>Принтер</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="885"/>
        <source>Badge layout</source>
        <translation>Макет бейджа</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="888"/>
        <source>Language</source>
        <translation>Язык</translation>
    </message>
</context>
<context>
    <name>SignUpScreen</name>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="338"/>
        <source>training</source>
        <translation>тренинг</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="338"/>
        <source>conference</source>
        <translation>конференция</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/kiosk/signup.py" line="500"/>
        <source>%n people</source>
        <translation>
            <numerusform>%n человек</numerusform>
            <numerusform>%n человека</numerusform>
            <numerusform>%n человек</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="523"/>
        <source>Phone*</source>
        <translation>Телефон*</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="563"/>
        <source>Step %1 of %2</source>
        <translation>Шаг %1 из %2</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="410"/>
        <source>Choose a tariff</source>
        <translation>Выберите тариф</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="330"/>
        <source>The «%1» tariff is for %2 people or more; for fewer, go back and choose another tariff.</source>
        <translation>Тариф «%1» — от %2 человек; если вас меньше, вернитесь и выберите другой тариф.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="414"/>
        <source>Registration needs your consent to the processing of personal data</source>
        <translation>Для регистрации нужно согласие на обработку персональных данных</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="433"/>
        <source>This e-mail is registered already.</source>
        <translation>Этот e-mail уже зарегистрирован.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="435"/>
        <source>This phone number is registered already.</source>
        <translation>Этот телефон уже зарегистрирован.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="518"/>
        <location filename="../../ui/kiosk/signup.py" line="559"/>
        <source>Sign up</source>
        <translation>Зарегистрироваться</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="520"/>
        <source>Surname*</source>
        <translation>Фамилия*</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="521"/>
        <source>First name*</source>
        <translation>Имя*</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="522"/>
        <source>Patronymic</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="524"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="525"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="526"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="538"/>
        <source>%1 per person</source>
        <translation>%1 за участника</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="543"/>
        <source>How many people are in your team, you included?</source>
        <translation>Сколько человек в команде, включая вас?</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="545"/>
        <source>Names of the others (you may leave them empty: the desk will fill them in)</source>
        <translation>Фамилии и имена остальных (можно не заполнять — их впишут на стойке)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="547"/>
        <source>Surname</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="547"/>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="551"/>
        <source>I agree to the processing of my personal data</source>
        <translation>Я согласен(на) на обработку моих персональных данных</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="552"/>
        <source>To pay: %1</source>
        <translation>К оплате: %1</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="554"/>
        <source>You pay at the registration desk after signing up: cash or card.</source>
        <translation>Оплата — на стойке регистрации после записи: наличными или картой.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="556"/>
        <source>Back</source>
        <translation>Назад</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="557"/>
        <source>Cancel</source>
        <translation>Отмена</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="558"/>
        <source>I have registered</source>
        <translation>Я зарегистрирован(а)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/signup.py" line="559"/>
        <source>Next</source>
        <translation>Далее</translation>
    </message>
</context>
<context>
    <name>StaffScreen</name>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="215"/>
        <source>%1 s</source>
        <translation>%1 с</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="220"/>
        <source>%1 in 10 minutes</source>
        <translation>%1 за 10 минут</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="221"/>
        <source>none (only at the desk)</source>
        <translation>ни одной (только на стойке)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="239"/>
        <source>Hub %1 · code %2 · this kiosk: %3</source>
        <translation>Хаб %1 · код %2 · этот киоск: %3</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="245"/>
        <source>offline · %1 queued · data as of %2: visitors check in and sign up on this kiosk&apos;s copy of the hub, sent to the hub once it is back.</source>
        <translation>офлайн · %1 в очереди · данные от %2: посетители отмечаются и регистрируются по копии данных хаба на этом киоске, всё уйдёт на хаб, когда связь вернётся.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="253"/>
        <source>Refused scans among them: %1 (queued only for the hub to record them).</source>
        <translation>Из них отказов на входе: %1 (в очереди, только чтобы хаб их учёл).</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="256"/>
        <source>not reachable</source>
        <translation>нет связи</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="258"/>
        <source>Database: %1</source>
        <translation>База данных: %1</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="260"/>
        <source>This kiosk works on its own database on this laptop.</source>
        <translation>Киоск работает со своей базой на этом ноутбуке.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="296"/>
        <source>Kiosk settings</source>
        <translation>Настройки киоска</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="297"/>
        <source>Start over after this many seconds without a touch</source>
        <translation>Начинать заново после стольких секунд без касаний</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="298"/>
        <source>Printer (a system printer, or pdf:FOLDER)</source>
        <translation>Принтер (системный или pdf:ПАПКА)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="299"/>
        <source>Badge layout</source>
        <translation>Макет бейджа</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="300"/>
        <source>Sign-ups at this kiosk, at most</source>
        <translation>Регистраций на этом киоске, не больше</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="301"/>
        <source>Print a slip with the QR code after a sign-up</source>
        <translation>Печатать талон с QR-кодом после записи</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="302"/>
        <source>Read QR codes with the camera too</source>
        <translation>Считывать QR-коды и камерой</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="305"/>
        <source>Start as a kiosk next time</source>
        <translation>В следующий раз запускаться как киоск</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="306"/>
        <source>Join a hub (scan its code)</source>
        <translation>Подключиться к хабу (отсканируйте его код)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="307"/>
        <source>Back to the kiosk</source>
        <translation>Вернуться в киоск</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="308"/>
        <source>Open the staff desk</source>
        <translation>Открыть стойку персонала</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/staff.py" line="309"/>
        <source>Quit</source>
        <translation>Выйти</translation>
    </message>
</context>
<context>
    <name>StartScreen</name>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="130"/>
        <source>Welcome to %1</source>
        <translation>Добро пожаловать на «%1»</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="133"/>
        <source>I have registered</source>
        <translation>Я зарегистрирован(а)</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="134"/>
        <source>Sign up</source>
        <translation>Зарегистрироваться</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="136"/>
        <source>Have a QR code? Just hold it up to the scanner at any time.</source>
        <translation>Есть QR-код? Просто поднесите его к сканеру в любой момент.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="138"/>
        <source>Staff</source>
        <translation>Персонал</translation>
    </message>
</context>
<context>
    <name>StillHere</name>
    <message>
        <location filename="../../ui/kiosk/still_here.py" line="84"/>
        <source>Are you still here?</source>
        <translation>Вы ещё здесь?</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/still_here.py" line="86"/>
        <source>Everything typed will be cleared in %1 s.</source>
        <translation>Всё введённое будет стёрто через %1 с.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/still_here.py" line="88"/>
        <source>Yes, I am here</source>
        <translation>Да, я здесь</translation>
    </message>
</context>
<context>
    <name>SummaryWindow</name>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="485"/>
        <source>Summary — %1</source>
        <translation>Сводка — %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="519"/>
        <source>Day report…</source>
        <translation>Отчёт за день…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="522"/>
        <source>Paper list…</source>
        <translation>Бумажный список…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="526"/>
        <source>Day:</source>
        <translation>День:</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="533"/>
        <location filename="../../ui/desk/summary_window.py" line="582"/>
        <location filename="../../ui/desk/summary_window.py" line="588"/>
        <source>Arrived</source>
        <translation>Пришли</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="534"/>
        <location filename="../../ui/desk/summary_window.py" line="584"/>
        <source>Still to come</source>
        <translation>Ещё не пришли</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="535"/>
        <source>Cash taken</source>
        <translation>Наличными</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="536"/>
        <source>By card</source>
        <translation>Картой</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="537"/>
        <source>Invoices (not money)</source>
        <translation>Счета (не деньги)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="538"/>
        <source>Scans refused</source>
        <translation>Отказов на входе</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="539"/>
        <location filename="../../ui/desk/summary_window.py" line="553"/>
        <source>To decide</source>
        <translation>Решить</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="549"/>
        <source>Arrivals</source>
        <translation>Приход</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="550"/>
        <source>Who is missing</source>
        <translation>Кто не пришёл</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="551"/>
        <source>Money</source>
        <translation>Деньги</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="552"/>
        <source>Refused scans</source>
        <translation>Отказы</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="581"/>
        <location filename="../../ui/desk/summary_window.py" line="588"/>
        <source>Expected</source>
        <translation>Ожидались</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="583"/>
        <location filename="../../ui/desk/summary_window.py" line="588"/>
        <source>Share</source>
        <translation>Доля</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="586"/>
        <source>Tariff or category</source>
        <translation>Тариф или категория</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="588"/>
        <source>Day</source>
        <translation>День</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="594"/>
        <location filename="../../ui/desk/summary_window.py" line="671"/>
        <location filename="../../ui/desk/summary_window.py" line="675"/>
        <location filename="../../ui/desk/summary_window.py" line="687"/>
        <location filename="../../ui/desk/summary_window.py" line="731"/>
        <source>Desk</source>
        <translation>Стойка</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="594"/>
        <source>Checked in</source>
        <translation>Отмечено</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="599"/>
        <source>By tariff and category</source>
        <translation>По тарифам и категориям</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="600"/>
        <source>By desk</source>
        <translation>По стойкам</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="601"/>
        <source>The event as a whole</source>
        <translation>Событие целиком</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="625"/>
        <location filename="../../ui/desk/summary_window.py" line="677"/>
        <location filename="../../ui/desk/summary_window.py" line="689"/>
        <source>Name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="626"/>
        <source>Phone</source>
        <translation>Телефон</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="627"/>
        <location filename="../../ui/desk/summary_window.py" line="751"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="628"/>
        <source>Tariff</source>
        <translation>Тариф</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="629"/>
        <source>Due</source>
        <translation>К оплате</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="630"/>
        <location filename="../../ui/desk/summary_window.py" line="680"/>
        <location filename="../../ui/desk/summary_window.py" line="735"/>
        <location filename="../../ui/desk/summary_window.py" line="751"/>
        <source>Code</source>
        <translation>Код</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="640"/>
        <source>Filter by name, phone, company…</source>
        <translation>Фильтр по имени, телефону, компании…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="645"/>
        <source>Export to Excel or CSV…</source>
        <translation>Выгрузить в Excel или CSV…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="651"/>
        <location filename="../../ui/desk/summary_window.py" line="790"/>
        <source>Double-click a person to show them at the desk.</source>
        <translation>Двойной щелчок — показать человека на стойке.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="662"/>
        <source>Cash</source>
        <translation>Наличные</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="663"/>
        <source>Card</source>
        <translation>Карта</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="664"/>
        <source>Taken</source>
        <translation>Принято</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="665"/>
        <source>Invoices</source>
        <translation>Счета</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="666"/>
        <source>Payments</source>
        <translation>Оплаты</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="672"/>
        <location filename="../../ui/desk/summary_window.py" line="676"/>
        <location filename="../../ui/desk/summary_window.py" line="688"/>
        <location filename="../../ui/desk/summary_window.py" line="732"/>
        <source>Operator</source>
        <translation>Оператор</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="779"/>
        <source>Reviewed</source>
        <translation>Проверено</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="799"/>
        <source>Without the hub: merging, keeping both, marking money given back and marking admissions reviewed are decided on the hub, once the connection is back.</source>
        <translation>Без связи с хабом: объединение, «Оставить обоих», отметка о возврате денег и отметка «Проверено» делаются на хабе, когда связь вернётся.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1151"/>
        <source>Changed at two desks, reviewed or corrected again (%1)</source>
        <translation>Изменено на двух стойках, проверено или исправлено снова (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1462"/>
        <source>Reviewed: %1, %2 — the admissions set aside are listed apart.</source>
        <translation>Проверено: %1, %2 — отложенные проходы показаны отдельно.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="594"/>
        <location filename="../../ui/desk/summary_window.py" line="674"/>
        <location filename="../../ui/desk/summary_window.py" line="686"/>
        <source>Time</source>
        <translation>Время</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="668"/>
        <source>Refunded</source>
        <translation>Возвращено</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="678"/>
        <source>Method</source>
        <translation>Способ</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="679"/>
        <source>Amount</source>
        <translation>Сумма</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="690"/>
        <source>From</source>
        <translation>Был тариф</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="691"/>
        <source>To</source>
        <translation>Стал тариф</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="692"/>
        <source>Difference</source>
        <translation>Доплата</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="700"/>
        <source>Per desk: cash is what the drawer should hold</source>
        <translation>По стойкам: наличные — столько должно быть в кассе</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="704"/>
        <source>Per operator</source>
        <translation>По операторам</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="705"/>
        <source>Payments (cash and card)</source>
        <translation>Платежи (наличные и карта)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="707"/>
        <source>Invoices issued (not money taken)</source>
        <translation>Выставленные счета (это не деньги)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="711"/>
        <source>Upgrades sold</source>
        <translation>Проданные доплаты</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="730"/>
        <source>When</source>
        <translation>Когда</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="733"/>
        <source>Why</source>
        <translation>Почему</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="734"/>
        <source>Who</source>
        <translation>Кто</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="736"/>
        <source>Got in later</source>
        <translation>Вошёл позже</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="751"/>
        <source>What</source>
        <translation>Что</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="755"/>
        <source>Merge into one…</source>
        <translation>Объединить в одну запись…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="759"/>
        <source>One person registered twice: the later record&apos;s check-ins, payments and prints go to the earlier one, and both badges open the door.</source>
        <translation>Один человек зарегистрирован дважды: отметки, оплаты и печати более поздней записи переходят к ранней, и оба бейджа открывают вход.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="764"/>
        <source>Keep both</source>
        <translation>Оставить обоих</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="766"/>
        <source>Two people, not one: clear the flag.</source>
        <translation>Это два разных человека: снять пометку для проверки.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="768"/>
        <source>Money given back…</source>
        <translation>Деньги возвращены…</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="772"/>
        <source>The money paid twice was given back to the person: mark it so (when, at which desk and by whom is recorded).</source>
        <translation>Деньги, оплаченные дважды, возвращены человеку: отметить это (записывается, когда, на какой стойке и кто вернул).</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="783"/>
        <source>The admissions set aside, or the changes made at two desks, were looked at: mark them reviewed (when, at which desk and by whom is recorded); they are listed apart.</source>
        <translation>Отложенные проходы или изменения на двух стойках просмотрены: отметить проверенными (когда, на какой стойке и кем — записывается); они показываются отдельно.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="825"/>
        <source>offline · data as of %1</source>
        <translation>офлайн · данные от %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="829"/>
        <source>No connection to the hub: the figures are this desk&apos;s copy of the hub&apos;s data as of %1 and what this desk did since. What other desks did meanwhile, and their refused scans and upgrades, show once the hub is back.</source>
        <translation>Нет связи с хабом: цифры — по копии данных хаба на этой стойке от %1 и тому, что стойка сделала с тех пор. Что сделали за это время другие стойки, их отказы и доплаты появятся, когда связь с хабом вернётся.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="837"/>
        <source>Updated at %1 · live</source>
        <translation>Обновлено в %1 · в реальном времени</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="868"/>
        <source>Entered afterwards without an arrival time (not on the chart): %1</source>
        <translation>Внесены позже без времени прихода (не на графике): %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="904"/>
        <source>Attendees: %1; came on at least one day: %2; cancelled: %3</source>
        <translation>Участников: %1; пришли хотя бы в один день: %2; отменено: %3</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="914"/>
        <source>Who is missing (%1)</source>
        <translation>Кто не пришёл (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="917"/>
        <source>Refused scans (%1)</source>
        <translation>Отказы (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="920"/>
        <source>To decide (%1)</source>
        <translation>Решить (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1030"/>
        <source>was in already, since %1</source>
        <translation>уже был(а) внутри, с %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1032"/>
        <source>was in already</source>
        <translation>уже был(а) внутри</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1037"/>
        <source>yes, at %1</source>
        <translation>да, %1</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1039"/>
        <source>yes (time not known)</source>
        <translation>да (время неизвестно)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1043"/>
        <source>not yet</source>
        <translation>пока нет</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1043"/>
        <source>no</source>
        <translation>нет</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1064"/>
        <source>Registered twice? Merge them or keep both (%1)</source>
        <translation>Зарегистрированы дважды? Объедините или оставьте обоих (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1068"/>
        <source> — a team seat: merged with its contact</source>
        <translation> — место команды: объединится вместе с её контактом</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1078"/>
        <source>One phone or e-mail, two people: check they are not one (%1)</source>
        <translation>Один телефон или e-mail у двоих: проверьте, что это разные люди (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1086"/>
        <source>Team seats without a name (%1)</source>
        <translation>Места в команде без имени (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1091"/>
        <source>Badges out of date: print a new one (%1)</source>
        <translation>Бейдж устарел — напечатайте новый (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1096"/>
        <source>Paid twice (taken without the hub): give the money back (%1)</source>
        <translation>Оплачено дважды (принято без хаба): верните деньги (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1107"/>
        <source>Admitted twice at desks without the hub: the first admission counts, the others are set aside (%1)</source>
        <translation>Прошли дважды на стойках без хаба: засчитан первый проход, остальные отложены (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1120"/>
        <source>Admitted twice at desks without the hub, reviewed (%1)</source>
        <translation>Прошли дважды на стойках без хаба, проверено (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1135"/>
        <source>Changed at two desks: the later change is kept (%1)</source>
        <translation>Изменено на двух стойках: осталось более позднее изменение (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1168"/>
        <source>Paid twice, money given back (%1)</source>
        <translation>Оплачено дважды, деньги возвращены (%1)</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1211"/>
        <source>check-in taken back</source>
        <translation>вход снят</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1215"/>
        <source>no time</source>
        <translation>без времени</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1222"/>
        <source>%1, %2: counted %3; set aside %4</source>
        <translation>%1, %2: засчитан %3; отложены %4</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1233"/>
        <source>given back %1, %2</source>
        <translation>возвращено %1, %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1242"/>
        <source>reviewed %1, %2</source>
        <translation>проверено %1, %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1297"/>
        <source>Merge %1 (%2) into %3 (%4)?

Check-ins, payments and badge prints go to the record of %3 (%4); the badge %2 keeps opening the door. Of two payments, the one taken first (by the desks&apos; clocks) counts and the other is shown to give back. This cannot be undone.</source>
        <translation>Объединить %1 (%2) с %3 (%4)?

Отметки, оплаты и печать бейджей перейдут в запись «%3» (%4); бейдж %2 продолжит открывать вход. Из двух оплат засчитается принятая раньше (по часам стоек), вторая будет показана к возврату. Отменить это нельзя.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/desk/summary_window.py" line="1309"/>
        <source>The team was registered twice: its seats are merged with it, seat by seat (%n seat(s) whose names match).</source>
        <translation>
            <numerusform>Команда была зарегистрирована дважды: её места объединятся вместе с ней, место к месту (%n место с совпадающим именем).</numerusform>
            <numerusform>Команда была зарегистрирована дважды: её места объединятся вместе с ней, место к месту (%n места с совпадающими именами).</numerusform>
            <numerusform>Команда была зарегистрирована дважды: её места объединятся вместе с ней, место к месту (%n мест с совпадающими именами).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1316"/>
        <source>Merge into one</source>
        <translation>Объединить в одну запись</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1346"/>
        <source>Merged: %1. The badge %2 opens the door too.</source>
        <translation>Объединено: %1. Бейдж %2 тоже открывает вход.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1352"/>
        <source>Merged: %1. The badges %2 open the door too.</source>
        <translation>Объединено: %1. Бейджи %2 тоже открывают вход.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1358"/>
        <source>Check-ins on the badge %1 moved over and counted: %2.</source>
        <translation>Отметки по бейджу %1 перенесены и засчитаны: %2.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1366"/>
        <source>%1: came in on both badges — the earlier arrival counts (badge %2, %3), the other is kept for review.</source>
        <translation>%1: пришёл(шла) по обоим бейджам — засчитан ранний приход (бейдж %2, %3), второй оставлен для проверки.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1380"/>
        <source>Payments moved over: %1, %2.</source>
        <translation>Перенесено оплат: %1 на %2.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1386"/>
        <source>The team was registered twice — its seats merged (%1): %2.</source>
        <translation>Команда была зарегистрирована дважды — места объединены (%1): %2.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1398"/>
        <source>Paid twice: give back %1.</source>
        <translation>Оплачено дважды: вернуть %1.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1410"/>
        <source>Both kept: %1 — the flag is cleared.</source>
        <translation>Оставлены оба: %1 — пометка для проверки снята.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1420"/>
        <source>Money given back</source>
        <translation>Деньги возвращены</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1422"/>
        <source>Has %1 (%2) been given back %3 (%4, taken at %5)?

It is recorded as given back now, at this desk, by you; the payment stays out of what was paid.</source>
        <translation>Деньги вернули: %3 (%4, принято на %5) — %1 (%2)?

Возврат запишется сейчас, на этой стойке, от вашего имени; платёж по-прежнему не считается оплатой.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1443"/>
        <source>Given back: %1 to %2.</source>
        <translation>Возвращено: %1 — %2.</translation>
    </message>
    <message>
        <location filename="../../ui/desk/summary_window.py" line="1475"/>
        <source>Reviewed: %1 — the changes at two desks (%2) are listed apart.</source>
        <translation>Проверено: %1 — изменения на двух стойках (%2) показываются отдельно.</translation>
    </message>
</context>
<context>
    <name>UndoDialog</name>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="170"/>
        <source>Undo check-in</source>
        <translation>Отмена отметки</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="173"/>
        <source>Undo the check-in of %1 on %2? Reason:</source>
        <translation>Отменить отметку за %2: %1? Причина:</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="180"/>
        <source>e.g. scanned the wrong badge</source>
        <translation>например, отсканировали не тот бейдж</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="184"/>
        <source>Undo the check-in</source>
        <translation>Отменить отметку</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="204"/>
        <source>Write why the check-in is undone (it goes to the audit log).</source>
        <translation>Напишите, почему отметка отменяется (это попадёт в журнал).</translation>
    </message>
</context>
<context>
    <name>WalkInDialog</name>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="283"/>
        <source>New walk-in</source>
        <translation>Новый участник</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="290"/>
        <source>Surname*</source>
        <translation>Фамилия*</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="291"/>
        <source>First name*</source>
        <translation>Имя*</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="292"/>
        <source>Patronymic</source>
        <translation>Отчество</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="293"/>
        <location filename="../../ui/desk/dialogs.py" line="337"/>
        <source>Company</source>
        <translation>Компания</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="294"/>
        <source>Position</source>
        <translation>Должность</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="295"/>
        <source>Phone*</source>
        <translation>Телефон*</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="296"/>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="315"/>
        <source>free</source>
        <translation>бесплатно</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="318"/>
        <source>Tariff*</source>
        <translation>Тариф*</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="329"/>
        <source>People in the team (with the contact):</source>
        <translation>Человек в команде (вместе с контактным лицом):</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="345"/>
        <source>The person agrees to the processing of personal data (152-FZ)*</source>
        <translation>Участник согласен на обработку персональных данных (152-ФЗ)*</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="355"/>
        <source>Card</source>
        <translation>Карта</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="356"/>
        <source>Cash</source>
        <translation>Наличные</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="357"/>
        <source>Invoice</source>
        <translation>Счёт</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="358"/>
        <source>Not paid yet</source>
        <translation>Пока не оплачено</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="366"/>
        <source>Payment</source>
        <translation>Оплата</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="371"/>
        <source>Total</source>
        <translation>Итого</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="378"/>
        <source>Show that person</source>
        <translation>Показать этого участника</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="381"/>
        <source>Register anyway</source>
        <translation>Всё равно зарегистрировать</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="387"/>
        <source>Register, check in, print</source>
        <translation>Зарегистрировать, отметить, напечатать</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="635"/>
        <source>Member %1: %2</source>
        <translation>Участник %1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="337"/>
        <source>Surname</source>
        <translation>Фамилия</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="138"/>
        <source>⚠ %1 is over</source>
        <translation>⚠ %1 уже прошло</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="337"/>
        <source>First name</source>
        <translation>Имя</translation>
    </message>
    <message>
        <location filename="../../ui/desk/dialogs.py" line="590"/>
        <source>already registered</source>
        <translation>уже зарегистрирован(а)</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="392"/>
        <source>Welcome, %1!</source>
        <translation>Здравствуйте, %1!</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="394"/>
        <source>Welcome!</source>
        <translation>Здравствуйте!</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="396"/>
        <source>You are already checked in: come in.</source>
        <translation>Вы уже отмечены — проходите.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="398"/>
        <source>You are checked in for today. Come in!</source>
        <translation>Вы отмечены на сегодня. Проходите!</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="402"/>
        <source>Your badge is printing…</source>
        <translation>Ваш бейдж печатается…</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="403"/>
        <source>Please take your badge from the printer.</source>
        <translation>Возьмите бейдж из принтера.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="405"/>
        <source>Your badge was printed in advance: please collect it at the registration desk.</source>
        <translation>Ваш бейдж напечатан заранее: получите его на стойке регистрации.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="407"/>
        <source>Please collect your badge at the registration desk.</source>
        <translation>Бейдж можно получить на стойке регистрации.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="409"/>
        <source>Your badge still needs your name: the registration desk will print it — you are already checked in.</source>
        <translation>Для бейджа нужно ваше имя: его впишут и напечатают на стойке регистрации. Вы уже отмечены.</translation>
    </message>
    <message>
        <location filename="../../ui/kiosk/screens.py" line="413"/>
        <source>The badge did not print. Please collect it at the registration desk — you are already checked in.</source>
        <translation>Бейдж не напечатался. Получите его на стойке регистрации — вы уже отмечены.</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <location filename="../../ui/app.py" line="229"/>
        <source>Create a new database?</source>
        <translation>Создать новую базу данных?</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="230"/>
        <source>There is no database at
%1

Create a new, empty one there? If you meant an existing database, choose No and check the path.</source>
        <translation>Базы данных нет по адресу
%1

Создать там новую, пустую? Если вы имели в виду существующую базу, нажмите «Нет» и проверьте путь.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="269"/>
        <source>The desk is already running</source>
        <translation>Стойка уже запущена</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="270"/>
        <source>The desk app is already open on this laptop: switch to its window (Alt+Tab). A second window would work on the same data and start the hub a second time. To start again, close the open one first.</source>
        <translation>Приложение стойки уже открыто на этом ноутбуке: перейдите в его окно (Alt+Tab). Второе окно работало бы с теми же данными и запустило бы хаб второй раз. Чтобы запустить заново, сначала закройте открытое.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="299"/>
        <source>Cannot start the kiosk</source>
        <translation>Киоск не удалось запустить</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="301"/>
        <source>Cannot start the desk</source>
        <translation>Стойку не удалось запустить</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="342"/>
        <location filename="../../ui/app.py" line="362"/>
        <source>Cancelled</source>
        <translation>Отменено</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="435"/>
        <source>The hub cannot be used</source>
        <translation>Хаб недоступен</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="439"/>
        <source>Try again</source>
        <translation>Попробовать снова</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="441"/>
        <source>Stop being the hub: use this laptop&apos;s database</source>
        <translation>Не быть хабом: работать с базой этого ноутбука</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="443"/>
        <source>Leave the hub: use this laptop&apos;s database</source>
        <translation>Отключиться от хаба: работать с базой этого ноутбука</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="446"/>
        <source>Quit</source>
        <translation>Выйти</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="589"/>
        <source>Kiosk mode needs a staff PIN: set it when asked, or with `kiosk set-pin`.</source>
        <translation>Для режима киоска нужен PIN персонала: задайте его, когда программа спросит, или командой `kiosk set-pin`.</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="628"/>
        <source>Something went wrong</source>
        <translation>Что-то пошло не так</translation>
    </message>
    <message>
        <location filename="../../ui/app.py" line="629"/>
        <source>The desk hit an unexpected error and carries on. Details are in %1.</source>
        <translation>Стойка столкнулась с непредвиденной ошибкой и продолжает работу. Подробности — в %1.</translation>
    </message>
</context>
</TS>
